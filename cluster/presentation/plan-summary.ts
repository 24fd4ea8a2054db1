/**
 * The end of `kplay create cluster --check` (docs/create-cluster.md#the-plan-summary): per host,
 * what a real run would do: files it would write, services it would (re)start, what init would
 * download, and how many commands would run. Built from the run's events only.
 */
import chalk from 'chalk';
import { itemLabel, type HostResult, type Reporter, type RunEvent } from '../../engine';

interface HostPlan {
  readonly files: Set<string>;
  readonly services: Set<string>;
  readonly downloads: Set<string>;
  commands: number;
}

/** Modules that fetch an artifact onto the controller. */
const DOWNLOAD_MODULES = new Set(['http_get_file', 'image']);
/** A service started, restarted or reloaded by `systemctl`, as the would-run text shows it. */
const SYSTEMCTL = /systemctl[ \t]+(?:--[\w-]+[ \t]+)*(?:restart|start|reload-or-restart|try-restart|reload|enable[ \t]+--now)[ \t]+((?:[\w@.-]+[ \t]*)+)/g;
const WOULD_COPY = /^would copy \S+ to (\S+)/;
const WOULD_RUN = /^would run: ([\s\S]*)$/;
/** "would change /etc/x: content" (one file) or lines "/etc/x: mode" under a directory. */
const CHANGED_PATH = /^(?:would change |changed )?(\/[^:\s]+):/;

export class PlanSummaryReporter implements Reporter {
  private readonly c: chalk.Chalk;
  private check = false;
  private readonly plans = new Map<string, HostPlan>();

  constructor(
    private readonly out: NodeJS.WritableStream,
    color: boolean,
  ) {
    this.c = new chalk.Instance({ level: color ? 1 : 0 });
  }

  handle(event: RunEvent): void {
    if (event.type === 'run_start') this.check = event.check;
    if (!this.check) return;
    if (event.type === 'host_result') this.record(event.task.module, event.result);
    if (event.type === 'run_end' && event.exitCode === 0) this.print();
  }

  private plan(host: string): HostPlan {
    let p = this.plans.get(host);
    if (p === undefined) {
      p = { files: new Set(), services: new Set(), downloads: new Set(), commands: 0 };
      this.plans.set(host, p);
    }
    return p;
  }

  private record(module: string, r: HostResult): void {
    for (const one of r.items ?? [r]) {
      const p = this.plan(r.delegatedTo ?? r.host);
      if (one.status === 'changed' && DOWNLOAD_MODULES.has(module)) {
        p.downloads.add(one.item !== undefined ? itemLabel(one.item, one.label) : r.host);
        continue;
      }
      if (one.status === 'changed' && (module === 'copy' || module === 'template') && one.msg !== undefined) {
        for (const line of one.msg.split('\n')) {
          const m = CHANGED_PATH.exec(line.trim());
          if (m !== null) p.files.add(m[1]);
        }
        continue;
      }
      if (one.status !== 'unknown' || one.reason === undefined) continue;
      const copy = WOULD_COPY.exec(one.reason);
      if (copy !== null) {
        p.files.add(copy[1]);
        continue;
      }
      const run = WOULD_RUN.exec(one.reason);
      if (run === null) continue;
      p.commands++;
      for (const m of run[1].matchAll(SYSTEMCTL)) {
        for (const name of m[1].trim().split(/\s+/)) if (!name.startsWith('-') && name !== 'daemon-reload') p.services.add(name.replace(/\.service$/, ''));
      }
    }
  }

  private print(): void {
    const hosts = [...this.plans.entries()].filter(([, p]) => p.files.size + p.services.size + p.downloads.size + p.commands > 0);
    const title = 'PLAN (what a real run would do; this check changed nothing)';
    this.out.write(`\n${title} ${'*'.repeat(Math.max(3, 78 - title.length))}\n`);
    if (hosts.length === 0) {
      this.out.write('nothing: every host is already as the config asks\n');
      return;
    }
    const width = Math.max(...hosts.map(([h]) => h.length));
    for (const [host, p] of hosts) {
      const rows: string[] = [];
      if (p.downloads.size > 0) rows.push(`downloads (${p.downloads.size}): ${[...p.downloads].join(', ')}`);
      if (p.files.size > 0) rows.push(`files (${p.files.size}): ${[...p.files].join(', ')}`);
      if (p.services.size > 0) rows.push(`services (re)started: ${[...p.services].join(', ')}`);
      if (p.commands > 0) rows.push(`commands run: ${p.commands}`);
      rows.forEach((row, i) => this.out.write(`${i === 0 ? this.c.bold(host.padEnd(width)) : ' '.repeat(width)}  ${row}\n`));
    }
  }
}
