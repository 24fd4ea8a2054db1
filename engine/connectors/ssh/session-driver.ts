/**
 * The POSIX sh program a persistent session runs on the host (`docs/connectors.md#persistent-sessions`).
 * It reads requests from the channel's stdin and runs each command line in a fresh subshell that
 * becomes a session of its own (setsid) and then execs the command line, so no command inherits
 * another's variables, directory, umask, traps or process group.
 *
 * Requests (controller → host), all on stdin:
 *   `C <marker> <input 0|1> <lines>\n` and then the command line in that many lines;
 *   when input is 1, the command's stdin follows as `I <length>\n<bytes>` frames, ended by `E\n`.
 * Replies, each `<marker><text>\n` on the stream named:
 *   stdout `P<pid>` before the command starts (its process group and session id),
 *   stdout `E<rc>` after it ended and both its output streams reached end of file,
 *   stderr (empty text) after its last stderr byte.
 * The command's own output passes through `cat` relays byte for byte (fresh ones per command, so a
 * command is over only when every process holding its output has closed it, as with an exec
 * channel; they are started while the session waits for its next command). The marker is random
 * per command and never appears on a command line or in an environment, so output cannot forge a
 * reply.
 */
import { shellQuote } from '../../core/shell-quote';

/** First stdout line of a session that can run commands. */
export const READY_LINE = 'kplay-session-ready';
/** First stdout line of a session on a host that lacks a tool it needs; the tool's name follows. */
export const MISSING_PREFIX = 'kplay-session-missing ';

const DRIVER = `
kplay_d=$(mktemp -d 2>/dev/null) || { echo '${MISSING_PREFIX}mktemp'; exit 0; }
kplay_po=
kplay_pe=
trap 'kill $kplay_po $kplay_pe 2>/dev/null; rm -rf "$kplay_d"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
for kplay_t in setsid cat tee head mkfifo; do
  command -v "$kplay_t" >/dev/null 2>&1 || { echo "${MISSING_PREFIX}$kplay_t"; exit 0; }
done
[ -r /proc/self/stat ] || { echo '${MISSING_PREFIX}/proc'; exit 0; }
mkfifo "$kplay_d/o" "$kplay_d/e" "$kplay_d/i" || { echo '${MISSING_PREFIX}mkfifo'; exit 0; }
exec 9<&0 </dev/null
kplay_feed() {
  while IFS=' ' read -r kplay_k kplay_n <&9; do
    [ "$kplay_k" = I ] || return 0
    head -c "$kplay_n" <&9 || return 1
  done
}
kplay_relays() {
  cat <"$kplay_d/o" 9<&- &
  kplay_po=$!
  cat <"$kplay_d/e" >&2 9<&- &
  kplay_pe=$!
}
kplay_relays
echo ${READY_LINE}
while IFS=' ' read -r kplay_k kplay_m kplay_in kplay_n <&9; do
  [ "$kplay_k" = C ] || exit 2
  kplay_c=
  while [ "$kplay_n" -gt 0 ]; do
    IFS= read -r kplay_l <&9 || exit 2
    kplay_c="$kplay_c$kplay_l
"
    kplay_n=$((kplay_n - 1))
  done
  kplay_src=/dev/null
  if [ "$kplay_in" = 1 ]; then
    kplay_feed | tee -p "$kplay_d/i" >/dev/null 9<&- &
    kplay_src="$kplay_d/i"
  fi
  (
    read -r kplay_s </proc/self/stat
    printf '%sP%s\\n' "$kplay_m" "\${kplay_s%% *}"
    exec >"$kplay_d/o" 2>"$kplay_d/e" <"$kplay_src" 9<&-
    eval "exec setsid -w $kplay_c"
  )
  kplay_rc=$?
  wait "$kplay_po" "$kplay_pe"
  printf '%sE%s\\n' "$kplay_m" "$kplay_rc"
  printf '%s\\n' "$kplay_m" >&2
  wait
  kplay_relays
done
`;

/** The exec request that starts a session: the login shell hands over to /bin/sh at once. */
export const DRIVER_COMMAND_LINE = `exec /bin/sh -c ${shellQuote(DRIVER.trim())}`;
