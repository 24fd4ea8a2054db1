/**
 * Is a journal without its `run_end` a run still going, or one whose process died (killed, the
 * machine rebooted)? The journal does not say, so ask the system: a running kplay keeps its
 * journal open for appending until the end, so on Linux a journal that no process holds open
 * (`/proc/<pid>/fd`) belongs to a run that is over. Where /proc cannot answer (another OS), the
 * run is taken as still going, as before.
 *
 * Kept apart from journal.ts on purpose: a journal-reading module shared with `kplay runs` can
 * take this over whole.
 */
import { readdirSync, readlinkSync, realpathSync } from 'node:fs';

export type Liveness = 'open' | 'closed' | 'unknown';

/** The set of files some process on this machine has open, or undefined without /proc. */
function openFiles(): Set<string> | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return undefined;
  }
  const files = new Set<string>();
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or another user's (kplay writes its journals as the user running it)
    }
    for (const fd of fds) {
      try {
        files.add(readlinkSync(`/proc/${pid}/fd/${fd}`));
      } catch {
        // closed meanwhile
      }
    }
  }
  return files;
}

/** Whether each journal is held open by some process (one scan of /proc for all of them). */
export function journalLiveness(journals: readonly string[]): Map<string, Liveness> {
  const out = new Map<string, Liveness>();
  if (journals.length === 0) return out;
  const open = openFiles();
  for (const file of journals) {
    if (open === undefined) {
      out.set(file, 'unknown');
      continue;
    }
    let real = file;
    try {
      real = realpathSync(file);
    } catch {
      // removed meanwhile: nobody writes it
    }
    out.set(file, open.has(real) ? 'open' : 'closed');
  }
  return out;
}
