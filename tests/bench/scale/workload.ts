/**
 * The scale workload (issue 16 item 4), shared by `npm run bench:scale` and the e2e scale test:
 * many hosts × a few commands whose output names the task and the host, so the report proves
 * that every host ran every command once and got its own output back.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SCALE_COMMANDS = 5;

export function scaleTaskName(index: number): string {
  return `c${index + 1}`;
}

/** What task `index` prints on `host`. */
export function scaleStdout(index: number, host: string): string {
  return `${scaleTaskName(index)}-${host}\n`;
}

/** Writes the playbook (one play over group `group`, SCALE_COMMANDS echo tasks) and returns its path. */
export function writeScalePlaybook(dir: string, group: string): string {
  const path = join(dir, 'scale.yaml');
  const tasks = Array.from({ length: SCALE_COMMANDS }, (_, index) => [
    `    - name: ${scaleTaskName(index)}`,
    `      command: echo ${scaleTaskName(index)}-{{ .inventory_hostname }}`,
  ]).flat();
  writeFileSync(path, [`- name: Scale`, `  hosts: [${group}]`, '  gather_facts: false', '  tasks:', ...tasks, ''].join('\n'));
  return path;
}

interface ScaleReport {
  readonly stats?: Readonly<Record<string, { readonly failed: number; readonly unreachable: number }>>;
  readonly tasks?: readonly { readonly task: string; readonly host: string; readonly status: string; readonly rc?: number; readonly stdout: string }[];
}

/**
 * Everything wrong with a scale run's `--report` JSON: a host missing from the stats, a failed or
 * unreachable host, a result missing, duplicated, not ok/changed, or with another host's output.
 * Empty when every host returned exactly SCALE_COMMANDS good results.
 */
export function scaleReportProblems(reportText: string, hosts: readonly string[]): string[] {
  const report = JSON.parse(reportText) as ScaleReport;
  const problems: string[] = [];
  const stats = report.stats ?? {};
  const tasks = report.tasks ?? [];
  const expected = new Set(hosts);
  for (const host of hosts) {
    const hostStats = stats[host];
    if (hostStats === undefined) problems.push(`${host}: no stats`);
    else if (hostStats.failed !== 0 || hostStats.unreachable !== 0) problems.push(`${host}: failed=${hostStats.failed} unreachable=${hostStats.unreachable}`);
  }
  for (const host of Object.keys(stats)) if (!expected.has(host)) problems.push(`${host}: stats for a host not in the inventory`);

  const seen = new Map<string, number>();
  for (const result of tasks) {
    const key = `${result.task} ${result.host}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    const index = Number(result.task.slice(1)) - 1;
    if (!expected.has(result.host) || !(index >= 0 && index < SCALE_COMMANDS) || result.task !== scaleTaskName(index)) {
      problems.push(`${key}: unexpected result`);
      continue;
    }
    if ((result.status !== 'ok' && result.status !== 'changed') || result.rc !== 0) problems.push(`${key}: status ${result.status} rc ${result.rc}`);
    if (result.stdout !== scaleStdout(index, result.host)) problems.push(`${key}: stdout ${JSON.stringify(result.stdout.slice(0, 80))}`);
  }
  for (const host of hosts) {
    for (let index = 0; index < SCALE_COMMANDS; index++) {
      const count = seen.get(`${scaleTaskName(index)} ${host}`) ?? 0;
      if (count !== 1) problems.push(`${scaleTaskName(index)} ${host}: ${count} results`);
    }
  }
  if (tasks.length !== hosts.length * SCALE_COMMANDS) problems.push(`${tasks.length} results, expected ${hosts.length * SCALE_COMMANDS}`);
  return problems;
}
