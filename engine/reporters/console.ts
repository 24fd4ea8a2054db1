import chalk from 'chalk';
import type { HostResult, HostStats, Reporter, RunEvent, RunWarning, TaskRef } from '../events/types';
import { itemLabel } from './item-label';
import { groupOutcomes, statusWord, type OutcomeGroup } from './task-groups';

export interface ConsoleOptions {
  readonly out: NodeJS.WritableStream & { isTTY?: boolean };
  readonly color: boolean;
  readonly verbosity: number;
  /** Leave out skipped hosts, and tasks every host skipped (--hide-skipped, display_skipped_hosts). */
  readonly hideSkipped?: boolean;
  /** One line per task, hosts grouped by outcome (docs/cli.md#compact-output). */
  readonly compact?: boolean;
  /**
   * When stdout is not a terminal: a "still running" line after this long without a result, so
   * a pipe or a CI log shows the run is alive (default 30 s; 0 turns it off).
   */
  readonly heartbeatMs?: number;
}

const WIDTH = 79;
const DEFAULT_HEARTBEAT_MS = 30_000;

interface Progress {
  readonly task: TaskRef;
  readonly total: number;
  done: number;
  readonly started: number;
  timer?: NodeJS.Timeout;
}

/** Ansible-style lines: PLAY / TASK banners, one line per host result, PLAY RECAP. */
export class ConsoleReporter implements Reporter {
  private readonly c: chalk.Chalk;
  private progress: Progress | undefined;
  private progressShown = false;
  private checkMode = false;
  /** The banner (and task path) of the running task, printed with its first visible line. */
  private pendingHeader: string[] | undefined;
  private headerShown = false;
  private currentTitle = '';
  /** Compact layout: the task's quiet results, printed grouped when it ends. */
  private buffered: HostResult[] = [];
  private bufferedModule = '';
  /** The task's hosts in inventory order: grouped lines list them in this order. */
  private taskHosts: readonly string[] = [];
  private skippedTasks = 0;
  /** Compact layout: hosts of the running task that had finished it before a resume. */
  private resumedHosts: string[] = [];
  /** Compact layout: tasks of the play that every host had finished before a resume. */
  private resumedTasks = 0;
  private runStarted = 0;
  private playStarted = 0;
  private currentPlay: { name: string; hosts: number } | undefined;
  private readonly playTimes: { play: string; ms: number }[] = [];

  constructor(private readonly opts: ConsoleOptions) {
    this.c = new chalk.Instance({ level: opts.color ? 1 : 0 });
  }

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'run_start':
        this.runStarted = Date.parse(event.time);
        if (event.check) this.line(this.c.cyan('Running in check mode: nothing on any host will change.'));
        this.checkMode = event.check;
        break;
      case 'play_start':
        this.endPlay(Date.parse(event.time));
        this.playStarted = Date.parse(event.time);
        this.currentPlay = { name: event.play, hosts: event.hosts.length };
        this.banner(`PLAY [${event.play}]`);
        if (event.hosts.length === 0) this.line(this.c.magenta('skipping: no hosts matched'));
        break;
      case 'task_start':
        this.taskHosts = event.hosts;
        this.startTask(event.task, event.hosts.length);
        break;
      case 'host_result':
        if (this.progress) this.progress.done++;
        this.hostResult(event.result, event.task.module);
        break;
      case 'log':
        if (event.kind === 'warning') this.showHeader();
        if (event.kind === 'warning') this.line(this.c.magenta(`[WARNING]: [${event.host}] ${event.text}`));
        if (event.kind === 'command' && this.opts.verbosity >= 3) {
          this.showHeader();
          this.line(this.c.gray(`<${event.host}> EXEC ${event.text}`));
        }
        break;
      case 'task_end':
        this.stopProgress();
        this.endTask();
        if (this.opts.verbosity > 0) this.line(this.c.gray(`(${(event.durationMs / 1000).toFixed(2)}s)`));
        break;
      case 'warning':
        this.line(this.c.magenta(`[WARNING]: ${warningText(event.warning)}`));
        break;
      case 'play_end':
        this.endPlay(Date.parse(event.time));
        break;
      case 'run_end':
        this.stopProgress();
        this.endPlay(Date.parse(event.time));
        this.times(Date.parse(event.time));
        this.recap(event.stats);
        if (event.error !== undefined) this.line(this.c.red(`ERROR: ${event.error}`));
        break;
    }
  }

  private startTask(task: TaskRef, hosts: number): void {
    this.currentTitle = `${task.handler ? 'RUNNING HANDLER' : 'TASK'} [${task.role ? `${task.role} : ` : ''}${task.task}]`;
    this.pendingHeader = [''];
    this.pendingHeader.push(`${this.currentTitle} ${'*'.repeat(Math.max(3, WIDTH - this.currentTitle.length - 1))}`);
    if (this.opts.verbosity > 0) this.pendingHeader.push(this.c.gray(`task path: ${task.source}`));
    this.headerShown = false;
    this.buffered = [];
    this.resumedHosts = [];
    this.bufferedModule = task.module;
    // Skipped hosts are the only thing a task may have to show; with them hidden, nothing shows.
    if (!this.opts.hideSkipped && !this.opts.compact) this.showHeader();
    this.startProgress(task, hosts);
  }

  private showHeader(): void {
    if (this.pendingHeader === undefined) return;
    const header = this.pendingHeader;
    this.pendingHeader = undefined;
    this.headerShown = true;
    for (const text of header) this.line(text);
  }

  private endTask(): void {
    if (this.opts.compact) this.flushCompact();
    this.pendingHeader = undefined;
  }

  private endPlay(at: number): void {
    if (this.currentPlay === undefined) return;
    if (this.skippedTasks > 0 && !this.opts.hideSkipped) {
      this.line(this.c.cyan(`skipping: ${this.skippedTasks} more task${this.skippedTasks === 1 ? '' : 's'} of this play on every host`));
    }
    this.skippedTasks = 0;
    if (this.resumedTasks > 0) {
      this.line(this.c.gray(`resumed: ${this.resumedTasks} task${this.resumedTasks === 1 ? '' : 's'} of this play had finished before the resume (not run again)`));
    }
    this.resumedTasks = 0;
    if (this.currentPlay.hosts > 0) this.playTimes.push({ play: this.currentPlay.name, ms: at - this.playStarted });
    this.currentPlay = undefined;
  }

  private startProgress(task: TaskRef, total: number): void {
    this.stopProgress();
    this.progress = { task, total, done: 0, started: Date.now() };
    if (this.opts.out.isTTY) {
      this.progress.timer = setInterval(() => this.drawProgress(), 250);
      this.progress.timer.unref();
      return;
    }
    const every = this.opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    if (every > 0) {
      this.progress.timer = setInterval(() => this.heartbeat(), every);
      this.progress.timer.unref();
    }
  }

  private progressText(): string {
    if (this.progress === undefined) return '';
    const elapsed = Math.round((Date.now() - this.progress.started) / 1000);
    return `${this.progress.done}/${this.progress.total} hosts done, ${elapsed}s`;
  }

  private drawProgress(): void {
    if (this.progress === undefined) return;
    const what = this.opts.compact && !this.headerShown ? `${this.currentTitle} ` : '';
    this.opts.out.write(`\r\x1b[2K${this.c.gray(`  … ${what}${this.progressText()}`)}`);
    this.progressShown = true;
  }

  /** Not a terminal: no progress line to redraw, so one plain line now and then. */
  private heartbeat(): void {
    if (this.progress === undefined) return;
    this.line(this.c.gray(`  … still running: ${this.currentTitle}: ${this.progressText()}`));
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

  private hostResult(r: HostResult, module: string): void {
    if (r.resumed === true) {
      // Finished before the run was resumed: its original outcome, nothing ran now. The compact
      // layout says so with the task's line, or once per play when every host had finished it.
      if (this.opts.compact) {
        this.resumedHosts.push(r.host);
        return;
      }
      this.showHeader();
      this.line(this.c.gray(`resumed: [${r.host}] (${r.status}${r.msg !== undefined && r.status === 'failed' ? `: ${r.msg}` : ''})`));
      return;
    }
    const showMsg = module === 'debug';
    const loud = r.status === 'failed' || r.status === 'unreachable' || r.status === 'ignored';
    if (this.opts.compact && !loud && !this.needsOwnLines(r)) {
      this.buffered.push(r);
      return;
    }
    if (r.items !== undefined) this.itemLines(r, showMsg, module);
    if (r.items === undefined || loud) this.statusLine(r, false, showMsg, module);
  }

  /** Diffs and pointers to captured output are per host; they do not group. */
  private needsOwnLines(r: HostResult): boolean {
    const own = (x: HostResult): boolean => (x.diff?.length ?? 0) > 0 || x.stdoutFile !== undefined || x.stderrFile !== undefined || (this.opts.verbosity > 1 && x.stdout !== '');
    return own(r) || (r.items ?? []).some(own);
  }

  /** Skipped items of a host are one line (every item at -v, each with its reason). */
  private itemLines(r: HostResult, showMsg: boolean, module: string): void {
    const items = r.items ?? [];
    const skipped = items.filter((i) => i.status === 'skipped');
    const collapse = this.opts.verbosity === 0 && skipped.length > 1;
    for (const item of items) {
      if (item.status === 'skipped' && (collapse || this.opts.hideSkipped)) continue;
      this.statusLine(item, true, showMsg, module);
    }
    if (collapse && !this.opts.hideSkipped) {
      const all = skipped.length === items.length ? 'all ' : '';
      this.line(this.c.cyan(`skipping: [${hostOf(r)}] => (${all}${skipped.length} items)`));
    }
  }

  private statusLine(r: HostResult, isItem: boolean, showMsg: boolean, module: string): void {
    if (r.status === 'skipped' && this.opts.hideSkipped) return;
    const host = hostOf(r);
    const item = isItem && r.item !== undefined ? ` => (item=${itemLabel(r.item, r.label)})` : '';
    const c = this.c;
    let text: string;
    switch (r.status) {
      case 'ok': {
        const summary = summaryOf(module, r);
        text = c.green(`ok: [${host}]${item}`) + (summary !== undefined ? ` => ${summary}` : '');
        break;
      }
      case 'changed':
        text = c.yellow(`changed: [${host}]${item}`);
        break;
      case 'skipped':
        text = c.cyan(`skipping: [${host}]${item}`) + (this.opts.verbosity > 0 && r.reason ? c.gray(` (${r.reason})`) : '');
        break;
      case 'unknown':
        text = c.magenta(`unknown: [${host}]${item} => ${this.brief(r.reason ?? 'outcome unknown in check mode')}`);
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
    this.showHeader();
    this.line(text);
    if (r.msg !== undefined && (r.status === 'ok' || r.status === 'changed') && (showMsg || this.opts.verbosity > 0) && summaryOf(module, r) === undefined) {
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

  /**
   * The task's quiet results, grouped: outcomes without a note share the banner's line
   * ("TASK [x] ok: node1, node2; skipping: localhost"), an item or a note gets a line of its own.
   */
  private flushCompact(): void {
    const resumed = this.resumedHosts;
    this.resumedHosts = [];
    if (resumed.length > 0 && this.buffered.length === 0 && !this.headerShown) {
      this.resumedTasks++;
      return;
    }
    const module = this.bufferedModule;
    const order = new Map(this.taskHosts.map((h, i) => [h, i]));
    const byInventory = (a: HostResult, b: HostResult): number => (order.get(a.host) ?? order.size) - (order.get(b.host) ?? order.size);
    const groups = groupOutcomes([...this.buffered].sort(byInventory), { showMsg: (r) => module === 'debug' || summaryOf(module, r) !== undefined, hideSkipped: this.opts.hideSkipped ?? false });
    this.buffered = [];
    const inline = groups.filter((g) => g.item === undefined && g.note === undefined);
    const own = groups.filter((g) => g.item !== undefined || g.note !== undefined);
    if (!this.headerShown && own.length === 0 && resumed.length === 0 && inline.every((g) => g.status === 'skipped')) {
      // Every host skipped it: counted, and said once at the end of the play.
      if (inline.length > 0 && !this.opts.hideSkipped) this.skippedTasks++;
      return;
    }
    const inlineText = [
      ...inline.map((g) => this.colorOf(g)(`${statusWord(g.status)}: ${g.hosts.join(', ')}`)),
      ...(resumed.length > 0 ? [this.c.gray(`resumed: ${resumed.join(', ')}`)] : []),
    ].join('; ');
    if (!this.headerShown) {
      this.headerShown = true;
      this.pendingHeader = undefined;
      this.line(inlineText === '' ? this.currentTitle : `${this.currentTitle} ${inlineText}`);
    } else if (inlineText !== '') {
      this.line(`  ${inlineText}`);
    }
    for (const g of own) {
      const item = g.item !== undefined ? ` (item=${g.item})` : '';
      const text = g.note === undefined ? undefined : g.status === 'unknown' ? this.brief(g.note) : g.note;
      const note = text === undefined ? '' : text.includes('\n') ? `\n${indent(text)}` : ` => ${text}`;
      this.line(`  ${this.colorOf(g)(`${statusWord(g.status)}: [${g.hosts.join(', ')}]${item}`)}${note}`);
    }
  }

  /** A multi-line reason (a script it would run) is its first line at -v0; -v shows all of it. */
  private brief(text: string): string {
    const lines = text.trim().split('\n');
    if (lines.length === 1 || this.opts.verbosity > 0) return text.trim();
    return `${lines[0].trimEnd()} … (${lines.length - 1} more line${lines.length === 2 ? '' : 's'}; -v shows them)`;
  }

  private colorOf(g: OutcomeGroup): (text: string) => string {
    const c = this.c;
    switch (g.status) {
      case 'changed':
        return c.yellow;
      case 'unknown':
        return c.magenta;
      case 'skipped':
        return c.cyan;
      case 'ok':
      case 'rescued':
        return c.green;
      default:
        return c.red;
    }
  }

  /** How long each play took, and the whole run. */
  private times(ended: number): void {
    if (this.playTimes.length === 0) return;
    this.banner('TIME PER PLAY');
    const width = Math.max(...this.playTimes.map((p) => p.play.length));
    for (const p of this.playTimes) this.line(`${p.play.padEnd(width)}  ${seconds(p.ms)}`);
    this.line(`${'total'.padEnd(width)}  ${seconds(ended - this.runStarted)}`);
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

/** The default text of an assert that passed: it says nothing, so it is not shown. */
const ASSERT_DEFAULT = 'All assertions passed';

/**
 * A one-line message an ok result carries that is worth its line: an assert's own success_msg
 * (the measured value of a check, e.g. fio's p99).
 */
function summaryOf(module: string, r: HostResult): string | undefined {
  if (module !== 'assert' || r.status !== 'ok' || r.msg === undefined || r.msg === ASSERT_DEFAULT || r.msg.includes('\n')) return undefined;
  return r.msg.trim();
}

function hostOf(r: HostResult): string {
  return r.delegatedTo !== undefined ? `${r.host} -> ${r.delegatedTo}` : r.host;
}

function seconds(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
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
