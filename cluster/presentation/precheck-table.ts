/**
 * The end of `kplay precheck` (docs/create-cluster.md#the-precheck-table): every check × every
 * host with ✓ or ✗ and the value the check measured (memory, kernel, fio p99, …), read from the
 * run's events: a check is an `assert` task of a precheck/… role, its value the assert's
 * success_msg.
 */
import chalk from 'chalk';
import type { HostResult, Reporter, RunEvent } from '../../engine';

interface Cell {
  readonly status: HostResult['status'];
  readonly value?: string;
}

/** The default text of an assert that passed: it measured nothing worth a cell. */
const ASSERT_DEFAULT = 'All assertions passed';

export class PrecheckTableReporter implements Reporter {
  private readonly c: chalk.Chalk;
  /** Check name → host → cell, in the order the checks ran. */
  private readonly rows = new Map<string, Map<string, Cell>>();
  private readonly hosts: string[] = [];

  /** `onlyWhenFailed`: create cluster shows the table only when a check failed (then it explains the stop). */
  constructor(
    private readonly out: NodeJS.WritableStream,
    color: boolean,
    private readonly onlyWhenFailed = false,
  ) {
    this.c = new chalk.Instance({ level: color ? 1 : 0 });
  }

  handle(event: RunEvent): void {
    if (event.type === 'host_result' && event.task.module === 'assert' && (event.task.role ?? '').startsWith('precheck/')) {
      const r = event.result;
      if (r.status === 'skipped') return;
      let row = this.rows.get(event.task.task);
      if (row === undefined) {
        row = new Map();
        this.rows.set(event.task.task, row);
      }
      const value = r.status === 'ok' && r.msg !== undefined && r.msg !== ASSERT_DEFAULT ? r.msg.trim() : undefined;
      row.set(r.host, { status: r.status, ...(value !== undefined ? { value } : {}) });
      if (!this.hosts.includes(r.host)) this.hosts.push(r.host);
    }
    if (event.type === 'run_end' && this.rows.size > 0 && (!this.onlyWhenFailed || this.failures() > 0)) this.print();
  }

  private failures(): number {
    return [...this.rows.values()].flatMap((row) => [...row.values()]).filter((cell) => cell.status !== 'ok' && cell.status !== 'unknown').length;
  }

  private cellText(cell: Cell | undefined): string {
    if (cell === undefined) return '-';
    const mark = cell.status === 'ok' ? '✓' : cell.status === 'unknown' ? '?' : '✗';
    return cell.value !== undefined ? `${mark} ${cell.value}` : mark;
  }

  private paint(cell: Cell | undefined, text: string): string {
    if (cell === undefined) return this.c.gray(text);
    return cell.status === 'ok' ? this.c.green(text) : cell.status === 'unknown' ? this.c.magenta(text) : this.c.red(text);
  }

  private print(): void {
    // The controller's checks are about the config; its column is last, as "config".
    const hosts = [...this.hosts.filter((h) => h !== 'localhost'), ...this.hosts.filter((h) => h === 'localhost')];
    const names = [...this.rows.keys()];
    const header = ['check', ...hosts.map((h) => (h === 'localhost' ? 'config (localhost)' : h))];
    const cells = names.map((name) => hosts.map((h) => this.rows.get(name)?.get(h)));
    const texts = cells.map((row) => row.map((cell) => this.cellText(cell)));
    const widths = header.map((h, i) => Math.max(h.length, ...(i === 0 ? names.map((n) => n.length) : texts.map((row) => row[i - 1].length))));
    const title = 'PRECHECK';
    this.out.write(`\n${title} ${'*'.repeat(78 - title.length)}\n`);
    this.out.write(`${header.map((h, i) => h.padEnd(widths[i])).join('  ').trimEnd()}\n`);
    names.forEach((name, r) => {
      const row = texts[r].map((text, i) => this.paint(cells[r][i], text.padEnd(widths[i + 1])));
      this.out.write(`${[name.padEnd(widths[0]), ...row].join('  ').trimEnd()}\n`);
    });
    const failed = cells.flat().filter((cell) => cell !== undefined && cell.status !== 'ok' && cell.status !== 'unknown').length;
    this.out.write(failed === 0 ? this.c.green('every check passed\n') : this.c.red(`${failed} check${failed === 1 ? '' : 's'} failed (✗); the reasons are above\n`));
  }
}
