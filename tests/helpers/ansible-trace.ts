/**
 * Reduces the text output of `ansible-playbook` (default callback) and of `kplay run` to what both
 * must agree on, so one playbook can be compared side by side: the plays, the tasks, each host's
 * status per task, the host-pattern warnings and the recap numbers. Message text, JSON bodies and
 * the order in which hosts of one task finish are left out.
 */

export interface Trace {
  /** `PLAY name`, `TASK name`, `<status> <host>` (hosts of one task sorted), `no hosts matched`. */
  readonly steps: string[];
  /** The patterns of "could not match supplied host pattern" warnings, in order. */
  readonly unmatched: string[];
  /** `host ok=… changed=… unreachable=… failed=… skipped=… rescued=… ignored=…`, in recap order. */
  readonly recap: string[];
}

const PLAY = /^PLAY \[(.*)\] \*+$/;
const TASK = /^(?:TASK|RUNNING HANDLER) \[(?:.* : )?(.*)\] \*+$/;
const RESULT = /^(ok|changed|skipping|fatal|unknown): \[([^\]\s]+)(?: -> [^\]]+)?\]/;
const RECAP = /^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)\s+rescued=(\d+)\s+ignored=(\d+)/;
const UNMATCHED = /^\[WARNING\]: (?:.*: )?could not match supplied host pattern, ignoring: (.*)$/i;

export function traceOf(output: string): Trace {
  const steps: string[] = [];
  const unmatched: string[] = [];
  const recap: string[] = [];
  let results: string[] = [];
  let lastPlay: string | undefined;
  let inRecap = false;
  const flush = () => {
    steps.push(...results.sort());
    results = [];
  };
  for (const line of output.split('\n')) {
    const warning = UNMATCHED.exec(line);
    if (warning !== null) {
      unmatched.push(warning[1].trim());
      continue;
    }
    if (line.startsWith('PLAY RECAP')) {
      flush();
      inRecap = true;
      continue;
    }
    if (inRecap) {
      const r = RECAP.exec(line);
      if (r !== null) recap.push(`${r[1]} ok=${r[2]} changed=${r[3]} unreachable=${r[4]} failed=${r[5]} skipped=${r[6]} rescued=${r[7]} ignored=${r[8]}`);
      continue;
    }
    const play = PLAY.exec(line);
    if (play !== null) {
      flush();
      // Ansible repeats the banner for every serial batch; kplay prints it once per play.
      if (play[1] !== lastPlay) steps.push(`PLAY ${play[1]}`);
      lastPlay = play[1];
      continue;
    }
    const task = TASK.exec(line);
    if (task !== null) {
      flush();
      steps.push(`TASK ${task[1]}`);
      continue;
    }
    if (line === 'skipping: no hosts matched') {
      flush();
      steps.push('no hosts matched');
      continue;
    }
    const result = RESULT.exec(line);
    if (result !== null) {
      const status = result[1] === 'fatal' ? 'failed' : result[1] === 'skipping' ? 'skipped' : result[1];
      results.push(`${status} ${result[2]}`);
      continue;
    }
    if (line === '...ignoring' && results.length > 0) {
      results[results.length - 1] = results[results.length - 1].replace(/^failed /, 'ignored ');
    }
  }
  flush();
  return { steps, unmatched, recap };
}
