import chalk from 'chalk';
import type { HostResult, HostStats, Reporter, RunEvent, RunWarning, TaskRef } from '../events/types';

export interface ConsoleOptions {
  readonly out: NodeJS.WritableStream & { isTTY?: boolean };
  readonly color: boolean;
  readonly verbosity: number;
}

const WIDTH = 79;

/** Ansible-style lines: PLAY / TASK banners, one line per host result, PLAY RECAP. */
export class ConsoleReporter implements Reporter {
  private readonly c: chalk.Chalk;
  private progress: { task: TaskRef; total: number; done: number; started: number; timer?: NodeJS.Timeout } | undefined;
  private progressShown = false;
  private checkMode = false;

  constructor(private readonly opts: ConsoleOptions) {
    this.c = new chalk.Instance({ level: opts.color ? 1 : 0 });
  }

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'run_start':
        if (event.check) this.line(this.c.cyan('Running in check mode: nothing on any host will change.'));
        this.checkMode = event.check;
        break;
      case 'play_start':
        this.banner(`PLAY [${event.play}]`);
        if (event.hosts.length === 0) this.line(this.c.magenta('skipping: no hosts matched'));
        break;
      case 'task_start':
        this.banner(`${event.task.handler ? 'RUNNING HANDLER' : 'TASK'} [${event.task.role ? `${event.task.role} : ` : ''}${event.task.task}]`);
        if (this.opts.verbosity > 0) this.line(this.c.gray(`task path: ${event.task.source}`));
        this.startProgress(event.task, event.hosts.length);
        break;
      case 'host_result':
        if (this.progress) this.progress.done++;
        this.hostResult(event.result, event.task.module === 'debug');
        break;
      case 'log':
        if (event.kind === 'warning') this.line(this.c.magenta(`[WARNING]: [${event.host}] ${event.text}`));
        break;
      case 'task_end':
        this.stopProgress();
        if (this.opts.verbosity > 0) this.line(this.c.gray(`(${(event.durationMs / 1000).toFixed(2)}s)`));
        break;
      case 'warning':
        this.line(this.c.magenta(`[WARNING]: ${warningText(event.warning)}`));
        break;
      case 'play_end':
        break;
      case 'run_end':
        this.stopProgress();
        this.recap(event.stats);
        if (event.error !== undefined) this.line(this.c.red(`ERROR: ${event.error}`));
        break;
    }
  }

  private startProgress(task: TaskRef, total: number): void {
    this.stopProgress();
    this.progress = { task, total, done: 0, started: Date.now() };
    if (this.opts.out.isTTY) {
      this.progress.timer = setInterval(() => this.drawProgress(), 250);
      this.progress.timer.unref();
    }
  }

  private drawProgress(): void {
    if (this.progress === undefined) return;
    const elapsed = ((Date.now() - this.progress.started) / 1000).toFixed(1);
    this.opts.out.write(`\r\x1b[2K${this.c.gray(`  … ${this.progress.done}/${this.progress.total} hosts done, ${elapsed}s`)}`);
    this.progressShown = true;
  }

  private clearProgress(): void {
    if (this.progressShown) {
      this.opts.out.write('\r\x1b[2K');
      this.progressShown = false;
    }
  }

  private stopProgress(): void {
    if (this.progress?.timer) clearInterval(this.progress.timer);
    this.clearProgress();
    this.progress = undefined;
  }

  private hostResult(r: HostResult, showMsg: boolean): void {
    if (r.resumed === true) {
      // Finished before the run was resumed: its original outcome, nothing ran now.
      this.line(this.c.gray(`resumed: [${r.host}] (${r.status}${r.msg !== undefined && r.status === 'failed' ? `: ${r.msg}` : ''})`));
      return;
    }
    if (r.items !== undefined) for (const item of r.items) this.statusLine(item, true, showMsg);
    if (r.items === undefined || r.status === 'failed' || r.status === 'unreachable') this.statusLine(r, false, showMsg);
  }

  private statusLine(r: HostResult, isItem: boolean, showMsg: boolean): void {
    const host = r.delegatedTo !== undefined ? `${r.host} -> ${r.delegatedTo}` : r.host;
    const item = isItem && r.item !== undefined ? ` => (item=${typeof r.item === 'string' ? r.item : JSON.stringify(r.item)})` : '';
    const c = this.c;
    let text: string;
    switch (r.status) {
      case 'ok':
        text = c.green(`ok: [${host}]${item}`);
        break;
      case 'changed':
        text = c.yellow(`changed: [${host}]${item}`);
        break;
      case 'skipped':
        text = c.cyan(`skipping: [${host}]${item}`) + (this.opts.verbosity > 0 && r.reason ? c.gray(` (${r.reason})`) : '');
        break;
      case 'unknown':
        text = c.magenta(`unknown: [${host}]${item} => ${r.reason ?? 'outcome unknown in check mode'}`);
        break;
      case 'failed':
        text = c.red(`fatal: [${host}]${item}: FAILED! => ${r.msg ?? 'failed'}`);
        break;
      case 'ignored':
        text = c.red(`fatal: [${host}]${item}: FAILED! => ${r.msg ?? 'failed'}`) + '\n' + c.cyan('...ignoring');
        break;
      case 'unreachable':
        text = c.red(`fatal: [${host}]: UNREACHABLE! => ${r.msg ?? 'unreachable'}`);
        break;
      case 'rescued':
        text = c.green(`rescued: [${host}]`);
        break;
    }
    this.line(text);
    if (r.msg !== undefined && (r.status === 'ok' || r.status === 'changed') && (showMsg || this.opts.verbosity > 0)) {
      this.line(indent(r.msg));
    }
    if ((r.status === 'failed' || r.status === 'ignored') && r.stderr !== '' && r.stderr !== r.msg && this.opts.verbosity > 0) {
      this.line(c.red(indent(`stderr: ${r.stderr}`)));
    }
    if (this.opts.verbosity > 1 && r.stdout !== '') this.line(c.gray(indent(`stdout: ${r.stdout}`)));
    // Output past the cap is only in its file; say where, at every verbosity.
    if (r.stdoutFile !== undefined) this.line(indent(`stdout was longer than 1 MiB; all of it is in ${r.stdoutFile}`));
    if (r.stderrFile !== undefined) this.line(indent(`stderr was longer than 1 MiB; all of it is in ${r.stderrFile}`));
    for (const d of r.diff ?? []) this.line(colorDiff(d.text, c));
  }

  private recap(stats: Readonly<Record<string, HostStats>>): void {
    this.banner('PLAY RECAP');
    const hosts = Object.keys(stats);
    const width = Math.max(0, ...hosts.map((h) => h.length));
    const c = this.c;
    const showUnknown = this.checkMode || hosts.some((h) => stats[h].unknown > 0);
    for (const host of hosts) {
      const s = stats[host];
      const color = s.failed > 0 || s.unreachable > 0 ? c.red : s.changed > 0 ? c.yellow : c.green;
      this.line(
        `${color(host.padEnd(width))} : ${c.green(`ok=${s.ok}`)}    ${s.changed ? c.yellow(`changed=${s.changed}`) : `changed=${s.changed}`}    ` +
          `${s.unreachable ? c.red(`unreachable=${s.unreachable}`) : `unreachable=${s.unreachable}`}    ${s.failed ? c.red(`failed=${s.failed}`) : `failed=${s.failed}`}    ` +
          `${s.skipped ? c.cyan(`skipped=${s.skipped}`) : `skipped=${s.skipped}`}    rescued=${s.rescued}    ignored=${s.ignored}` +
          // Only check mode (or a task forced into it) has unknown results; otherwise the recap stays Ansible's.
          (showUnknown ? `    ${s.unknown ? c.magenta(`unknown=${s.unknown}`) : `unknown=${s.unknown}`}` : ''),
      );
    }
  }

  private banner(title: string): void {
    this.line('');
    this.line(`${title} ${'*'.repeat(Math.max(3, WIDTH - title.length - 1))}`);
  }

  private line(text: string): void {
    this.clearProgress();
    this.opts.out.write(`${text}\n`);
  }
}

/** `file:line:col: [host] message`, leaving out what the warning does not have. */
export function warningText(w: RunWarning): string {
  return `${w.source !== undefined ? `${w.source}: ` : ''}${w.host !== undefined ? `[${w.host}] ` : ''}${w.message}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function colorDiff(text: string, c: chalk.Chalk): string {
  return text
    .split('\n')
    .map((l) => (l.startsWith('+') && !l.startsWith('+++') ? c.green(l) : l.startsWith('-') && !l.startsWith('---') ? c.red(l) : l.startsWith('@@') ? c.cyan(l) : l))
    .join('\n');
}
