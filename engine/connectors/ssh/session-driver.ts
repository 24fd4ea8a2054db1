/**
 * The bash program a persistent session runs on the host (`docs/connectors.md#persistent-sessions`).
 * It reads requests from the channel's stdin and runs each command as a job of its own: with job
 * control on, bash forks the job into a fresh process group, the job evaluates the command's
 * script (which ends by exec'ing the command's shell), and nothing the command changes (variables,
 * directory, umask, traps) reaches the session or the next command.
 *
 * bash itself reads this program from stdin first (`bash -s`), so the exec request that starts it
 * is one plain line any login shell runs alike.
 *
 * Requests (controller → host), all on stdin after the program:
 *   `C <marker> <input 0|1> <lines> <relay 0|1> <bytes>\n` and then the script in that many lines
 *   (that many bytes with the final newline; a long script is read by `head -c`, since bash reads
 *   a pipe a byte at a time);
 *   when input is 1, the command's stdin follows as `I <length>\n<bytes>` frames, ended by `E\n`.
 * Replies, each `<marker><text>\n` on the stream named:
 *   stdout `P<pid>` first (the job's pid: its process group),
 *   stdout `E<rc>` after it ended and no process of its group still writes to its output,
 *   stderr (empty text) after its last stderr byte.
 * Without relay the job writes straight into the channel (nothing is started besides the command
 * itself). A command is over, as with an exec channel, only when nothing holds its output open: the
 * common case (the group is empty once the job ended) costs one `kill -0`; otherwise the group's
 * processes are looked up in /proc and waited for while one of them holds the channel's stdout or
 * stderr for writing. Processes the login user cannot inspect (a privilege change) get `cat`
 * relays instead (relay 1): the command writes into fifos and ends when the relays reach end of
 * file. The marker is random per command and never appears on a command line or in an
 * environment, so output cannot forge a reply.
 */

/** First stdout line of a session that can run commands. */
export const READY_LINE = 'kplay-session-ready';
/** First stdout line of a session on a host that lacks a tool it needs; the tool's name follows. */
export const MISSING_PREFIX = 'kplay-session-missing ';

// The job is waited for with a plain `wait`, not `wait -f`: bash 5.2's `wait -f` can loop forever
// ("wait_for: No record of process") after the job is gone, at full CPU, and the command never
// ends. A plain wait also returns for a job that merely stopped; the holder check below then
// waits as long as the stopped process keeps the output open, as an exec channel would.
const DRIVER = `
kplay_d=
kplay_po=
kplay_pe=
trap 'kill $kplay_po $kplay_pe 2>/dev/null; [ -z "$kplay_d" ] || rm -rf "$kplay_d"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
for kplay_t in mktemp cat tee head mkfifo; do
  command -v "$kplay_t" >/dev/null 2>&1 || { echo "${MISSING_PREFIX}$kplay_t"; exit 0; }
done
[ -r /proc/self/stat ] || { echo '${MISSING_PREFIX}/proc'; exit 0; }
exec 9<&0 </dev/null 8>&2 2>/dev/null
set -m
# The fifos (relays, input, a timer to wait on) are made when a command first needs them, in the
# temp directory, else (full or read-only) the home directory, else /dev/shm.
kplay_fifos() {
  [ -n "$kplay_d" ] && return 0
  kplay_d=$(mktemp -d 2>/dev/null || mktemp -d -p "$HOME" 2>/dev/null || mktemp -d -p /dev/shm) && mkfifo "$kplay_d/o" "$kplay_d/e" "$kplay_d/i" "$kplay_d/w" && exec 7<>"$kplay_d/w" && return 0
  # Half made: nothing is kept, so a later command does not take the directory for ready.
  [ -z "$kplay_d" ] || rm -rf "$kplay_d"
  kplay_d=
  return 1
}
kplay_feed() {
  while IFS=' ' read -r kplay_k kplay_n <&9; do
    [ "$kplay_k" = I ] || return 0
    head -c "$kplay_n" <&9 || return 1
  done
}
kplay_writes() {
  local k v
  while read -r k v; do
    [ "$k" = flags: ] && { [ $(( 8#$v & 3 )) != 0 ]; return; }
  done <"$1"
  return 0
}
kplay_held() {
  local g=$1 p s f z
  kill -0 -- "-$g" 2>/dev/null || return 1
  for p in /proc/[0-9]*; do
    IFS= read -r s <"$p/stat" 2>/dev/null || continue
    s=\${s##*) }; z=\${s%% *}; s=\${s#* }; s=\${s#* }; s=\${s%% *}
    [ "$s" = "$g" ] || continue
    # An exited process nobody reaped yet holds no file (and a login user may not look into it).
    case $z in Z | X | x) continue ;; esac
    [ -r "$p/fd" ] && [ -x "$p/fd" ] || return 0
    for f in "$p"/fd/*; do
      if [ "$f" -ef /proc/$$/fd/1 ] || [ "$f" -ef /proc/$$/fd/8 ]; then
        kplay_writes "$p/fdinfo/\${f##*/}" && return 0
      fi
    done
  done
  return 1
}
kplay_job() {
  trap - EXIT HUP INT TERM
  printf '%sP%s\\n' "$kplay_m" "$BASHPID"
  eval "$kplay_c"
}
echo ${READY_LINE}
while IFS=' ' read -r kplay_k kplay_m kplay_in kplay_n kplay_r kplay_b <&9; do
  [ "$kplay_k" = C ] || exit 2
  kplay_c=
  if [ "$kplay_b" -gt 8192 ]; then
    kplay_c=$(head -c "$kplay_b" <&9) || exit 2
    kplay_n=0
  fi
  while [ "$kplay_n" -gt 0 ]; do
    IFS= read -r kplay_l <&9 || exit 2
    kplay_c+="$kplay_l
"
    kplay_n=$((kplay_n - 1))
  done
  if [ "$kplay_in$kplay_r" != 00 ]; then kplay_fifos || exit 2; fi
  kplay_src=/dev/null
  if [ "$kplay_in" = 1 ]; then
    kplay_feed | tee -p "$kplay_d/i" >/dev/null 8>&- 7<&- &
    kplay_src="$kplay_d/i"
  fi
  if [ "$kplay_r" = 1 ]; then
    cat <"$kplay_d/o" 9<&- 8>&- 7<&- &
    kplay_po=$!
    cat <"$kplay_d/e" >&8 9<&- 8>&- 7<&- &
    kplay_pe=$!
    kplay_job >"$kplay_d/o" 2>"$kplay_d/e" <"$kplay_src" 9<&- 8>&- 7<&- &
    kplay_j=$!
    wait "$kplay_j"
    kplay_rc=$?
    wait "$kplay_po" "$kplay_pe"
    kplay_po=
    kplay_pe=
  else
    kplay_job 2>&8 <"$kplay_src" 9<&- 8>&- 7<&- &
    kplay_j=$!
    wait "$kplay_j"
    kplay_rc=$?
    kplay_t=0.01
    while kplay_held "$kplay_j"; do
      kplay_fifos || exit 2
      read -r -t "$kplay_t" -u 7 kplay_x
      case $kplay_t in 0.01) kplay_t=0.05 ;; 0.05) kplay_t=0.2 ;; *) kplay_t=0.5 ;; esac
    done
  fi
  printf '%sE%s\\n' "$kplay_m" "$kplay_rc"
  printf '%s\\n' "$kplay_m" >&8
  wait
done
`;

/**
 * What the session's bash reads from its stdin before any request. It is one brace group, so bash
 * has read all of it before it prints the ready line, and request bytes are never taken for script.
 */
export const DRIVER_SCRIPT = `{\n${DRIVER.trim()}\n}\n`;

/**
 * The exec request that starts a session: a line without quotes or redirections, which every
 * login shell (sh, bash, zsh, fish, csh) runs alike. A host without bash fails it, and runs its
 * commands as exec channels instead.
 */
export const DRIVER_COMMAND_LINE = 'exec bash -s kplay-session';
