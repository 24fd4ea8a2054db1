/** Renders doctor results: an aligned table with a fix per host, then the full messages. */
import { CHECK_ORDER, CheckName, CheckResult, HostDiagnosis } from './types';

const HEADINGS: Readonly<Record<CheckName, string>> = {
  connect: 'CONNECT',
  hostKey: 'HOST KEY',
  auth: 'AUTH',
  shell: 'SHELL',
  sudo: 'SUDO',
  tmp: '/TMP',
};

const MARK = { pass: '✓', fail: '✗', skip: '-' } as const;

export function cell(result: CheckResult): string {
  if (result.status === 'skip') return result.summary === '-' ? '-' : `- ${result.summary}`;
  return `${MARK[result.status]} ${result.summary}`;
}

export function fixesOf(host: HostDiagnosis): string[] {
  return CHECK_ORDER.flatMap((name) => {
    const fix = host.checks[name].fix;
    return fix !== undefined ? [fix] : [];
  });
}

export interface DoctorSummary {
  readonly hosts: number;
  readonly ok: number;
  readonly unreachable: number;
  readonly failed: number;
}

export function summarize(hosts: readonly HostDiagnosis[]): DoctorSummary {
  const failedChecks = (h: HostDiagnosis) => CHECK_ORDER.some((name) => h.checks[name].status === 'fail');
  const unreachable = hosts.filter((h) => h.unreachable).length;
  const failed = hosts.filter((h) => !h.unreachable && failedChecks(h)).length;
  return { hosts: hosts.length, ok: hosts.length - unreachable - failed, unreachable, failed };
}

export function formatTable(hosts: readonly HostDiagnosis[]): string {
  const header = ['HOST', 'ADDRESS', ...CHECK_ORDER.map((name) => HEADINGS[name]), 'FIX'];
  const rows = hosts.map((h) => [h.host, h.address, ...CHECK_ORDER.map((name) => cell(h.checks[name])), fixesOf(h).join('; ') || '-']);
  // The fix column is last and left unpadded: it is long and should wrap in the terminal.
  const widths = header.slice(0, -1).map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const line = (row: readonly string[]) =>
    row.map((text, column) => (column < widths.length ? text.padEnd(widths[column]) : text)).join('  ').trimEnd();
  const out = [line(header), ...rows.map(line)];

  const problems = hosts.flatMap((h) =>
    CHECK_ORDER.flatMap((name) => {
      const message = h.checks[name].message;
      return h.checks[name].status === 'fail' && message !== undefined ? [`  ${h.host} ${HEADINGS[name].toLowerCase()}: ${message}`] : [];
    }),
  );
  if (problems.length > 0) out.push('', 'Problems:', ...problems);
  const s = summarize(hosts);
  out.push('', `${s.hosts} host${s.hosts === 1 ? '' : 's'}: ${s.ok} ok, ${s.unreachable} unreachable, ${s.failed} with failed checks`);
  return `${out.join('\n')}\n`;
}

export function formatJson(hosts: readonly HostDiagnosis[]): string {
  return `${JSON.stringify({ hosts: hosts.map((h) => ({ ...h, fixes: fixesOf(h) })), summary: summarize(hosts) }, null, 2)}\n`;
}
