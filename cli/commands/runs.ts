/**
 * `kplay runs list | show ID | prune`: the run history read back from the journals every run
 * writes (docs/cli.md#kplay-runs).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_KEEP_RUNS, ExitCode, listJournalRuns, pruneRuns, readJournalSummary, withCode, type JournalSummary } from '../../engine';
import type { CommandIO } from '../io';

export const RUNS_HELP = `Usage:
  kplay runs list [--output json] [--workdir DIR]      every run, oldest first
  kplay runs show ID|last [--output json] [--workdir DIR]
                                                      recap, failed tasks and their messages, report path
  kplay runs prune [--keep N] [--workdir DIR]         delete all but the N newest runs (default ${DEFAULT_KEEP_RUNS})

A run whose journal has no end is "running" while its process is alive, "interrupted" otherwise.
kplay run and the cluster commands prune to the ${DEFAULT_KEEP_RUNS} newest runs after each run; a run
still going and the newest run that did not succeed (the one --resume last continues) are kept.

Options:
      --output FORMAT   text (default) or json
      --workdir DIR     where the runs are (default ./.kplay)
      --keep N          runs to keep (prune)
`;

/** The options of `kplay runs` (also what `kplay completion` offers). */
export const RUNS_OPTIONS = { output: { type: 'string' }, workdir: { type: 'string' }, keep: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;
export const RUNS_SUBCOMMANDS = ['list', 'show', 'prune'] as const;

export async function runsCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const usage = (message: string): number => {
    io.stderr.write(`kplay runs: ${withCode(message, 'KP-CLI-001')}\n\n${RUNS_HELP}`);
    return ExitCode.badOptions;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: RUNS_OPTIONS,
    });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(RUNS_HELP);
    return ExitCode.ok;
  }
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json') return usage(`--output must be text or json, got "${output}"`);
  const workDir = resolve(values.workdir ?? '.kplay');
  const [what, ...rest] = positionals;
  switch (what) {
    case 'list': {
      if (rest.length > 0) return usage(`list takes no arguments, got "${rest[0]}"`);
      const runs = listJournalRuns(workDir);
      io.stdout.write(output === 'json' ? `${JSON.stringify(runs.map(listEntry), null, 2)}\n` : formatList(runs));
      return ExitCode.ok;
    }
    case 'show': {
      if (rest.length !== 1) return usage('show takes one run id (or "last")');
      const id = rest[0] === 'last' ? listJournalRuns(workDir).at(-1)?.id : rest[0];
      const run = id === undefined ? undefined : readJournalSummary(workDir, id);
      if (run === undefined) {
        io.stderr.write(`kplay runs: no run "${rest[0]}" in ${workDir}\n`);
        return ExitCode.badOptions;
      }
      io.stdout.write(output === 'json' ? `${JSON.stringify(run, null, 2)}\n` : formatShow(run));
      return ExitCode.ok;
    }
    case 'prune': {
      const keep = values.keep === undefined ? DEFAULT_KEEP_RUNS : Number(values.keep);
      if (!Number.isInteger(keep) || keep < 0) return usage(`--keep must be a whole number, got "${values.keep}"`);
      const removed = pruneRuns(workDir, keep);
      if (output === 'json') io.stdout.write(`${JSON.stringify({ removed }, null, 2)}\n`);
      else io.stdout.write(`removed ${removed.length} run${removed.length === 1 ? '' : 's'}\n`);
      return ExitCode.ok;
    }
    case undefined:
      return usage('expected list, show or prune');
    default:
      return usage(`unknown subcommand "${what}" (list, show or prune)`);
  }
}

/** What `runs list --output json` gives per run: the summary without the failure details. */
function listEntry(run: JournalSummary): Omit<JournalSummary, 'failures'> {
  const { failures: _failures, ...rest } = run;
  return rest;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

function formatList(runs: readonly JournalSummary[]): string {
  if (runs.length === 0) return 'no runs\n';
  const rows = runs.map((r) => [r.id, r.command ?? '-', r.started, formatDuration(r.durationMs), r.state, String(r.hosts.length), r.check ? 'check' : 'real']);
  const header = ['ID', 'COMMAND', 'STARTED', 'DURATION', 'STATUS', 'HOSTS', 'MODE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}\n`;
  return line(header) + rows.map(line).join('');
}

function formatShow(run: JournalSummary): string {
  const out: string[] = [
    `run:       ${run.id}`,
    `command:   ${run.command ?? '-'}`,
    `playbook:  ${run.playbook}`,
    `mode:      ${run.check ? 'check' : 'real'}`,
    `status:    ${run.state}${run.exitCode !== undefined ? ` (exit ${run.exitCode})` : ''}`,
    `started:   ${run.started}`,
    `duration:  ${formatDuration(run.durationMs)}`,
  ];
  if (run.resumedFrom !== undefined) out.push(`resumes:   ${run.resumedFrom}`);
  out.push(`report:    ${run.reportFile ?? '-'}`);
  if (run.error !== undefined) out.push(`error:     ${run.error}`);
  if (run.stats !== undefined) {
    out.push('', 'RECAP');
    const width = Math.max(...Object.keys(run.stats).map((h) => h.length), 4);
    for (const [host, s] of Object.entries(run.stats)) {
      out.push(`${host.padEnd(width)} : ok=${s.ok} changed=${s.changed} unreachable=${s.unreachable} failed=${s.failed} skipped=${s.skipped} rescued=${s.rescued} ignored=${s.ignored}${run.check || s.unknown > 0 ? ` unknown=${s.unknown}` : ''}`);
    }
  }
  if (run.failures.length > 0) {
    out.push('', 'FAILED TASKS');
    for (const f of run.failures) out.push(`${f.status}: [${f.host}] ${f.play} / ${f.task} (${f.source}): ${f.msg}`);
  }
  return `${out.join('\n')}\n`;
}
