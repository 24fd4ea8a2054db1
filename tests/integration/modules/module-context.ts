/**
 * Module contexts for tests: the real template rendering, a real connector (local or SSH) and a
 * project directory whose `files/` and `templates/` the modules resolve against.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { BecomeOptions, Connector, PutOptions } from '../../../engine/connectors/types';
import type { ModuleContext, ModuleDefinition, ModuleResult } from '../../../engine/modules/types';
import { ModuleArgumentError } from '../../../engine/modules/types';
import type { TaskNode } from '../../../engine/project/model';
import { renderText, renderTyped } from '../../../engine/template/conversions';
import type { GoMap, GoValue } from '../../../engine/core/values';

export interface TestContextOptions {
  readonly args: GoValue;
  readonly connector?: Connector;
  readonly vars?: GoMap;
  readonly host?: string;
  /** Role/playbook directory holding files/ and templates/. */
  readonly baseDir?: string;
  readonly workDir?: string;
  readonly checkMode?: boolean;
  readonly diffMode?: boolean;
  readonly module?: string;
  readonly become?: BecomeOptions;
}

export function testContext(options: TestContextOptions): ModuleContext {
  const vars = options.vars ?? {};
  const host = options.host ?? 'node1';
  const baseDir = options.baseDir ?? '/nonexistent-project';
  const task = { module: options.module ?? 'test', pos: { file: 'task.yaml', line: 1, col: 1 }, baseDir } as unknown as TaskNode;
  return {
    host,
    args: options.args,
    vars: { inventory_hostname: host, ...vars },
    task,
    project: undefined,
    checkMode: options.checkMode ?? false,
    diffMode: options.diffMode ?? false,
    ...(options.become !== undefined ? { become: options.become } : {}),
    signal: new AbortController().signal,
    connector: () => (options.connector === undefined ? Promise.reject(new Error('this test gives the module no connector')) : Promise.resolve(options.connector)),
    render: (text) => renderText(text, { inventory_hostname: host, ...vars }, 'task.yaml'),
    renderValue: (value) => renderTyped(value, { inventory_hostname: host, ...vars }, 'task.yaml'),
    runtime: {
      mergeHostVars: () => undefined,
      setFacts: () => undefined,
      mergeResult: () => undefined,
      resolveHosts: () => [],
      projectPath: (kind, relative) => (isAbsolute(relative) ? relative : join(baseDir, kind, relative)),
      workDir: options.workDir ?? '/nonexistent-workdir',
    },
    log: () => undefined,
  };
}

/** Runs a module the way the executor does: argument errors become a failed result. */
export async function runModule(module: ModuleDefinition, ctx: ModuleContext): Promise<ModuleResult> {
  try {
    return await module.run(ctx);
  } catch (error) {
    if (error instanceof ModuleArgumentError || error instanceof Error) return { changed: false, failed: true, msg: error.message };
    throw error;
  }
}

/** A real connector wrapped to count the calls that move file content. */
export class CountingConnector implements Connector {
  puts = 0;
  gets = 0;
  execs = 0;
  constructor(private readonly inner: Connector) {}
  get kind(): string {
    return this.inner.kind;
  }
  get hostName(): string {
    return this.inner.hostName;
  }
  connect(): Promise<void> {
    return this.inner.connect();
  }
  exec(...args: Parameters<Connector['exec']>): ReturnType<Connector['exec']> {
    this.execs++;
    return this.inner.exec(...args);
  }
  put(content: Buffer | string, dest: string, options?: PutOptions): Promise<void> {
    this.puts++;
    return this.inner.put(content, dest, options);
  }
  putFile(localPath: string, dest: string, options?: PutOptions): Promise<void> {
    this.puts++;
    return this.inner.putFile(localPath, dest, options);
  }
  get(...args: Parameters<Connector['get']>): ReturnType<Connector['get']> {
    this.gets++;
    return this.inner.get(...args);
  }
  getFile(...args: Parameters<Connector['getFile']>): ReturnType<Connector['getFile']> {
    this.gets++;
    return this.inner.getFile(...args);
  }
  stat(...args: Parameters<Connector['stat']>): ReturnType<Connector['stat']> {
    return this.inner.stat(...args);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * Every entry below `root` with type, mode, size, mtime and content hash: equal listings before
 * and after a check run prove that nothing was created, modified or deleted.
 */
export function treeListing(root: string): string[] {
  const out: string[] = [];
  const visit = (path: string): void => {
    let info;
    try {
      info = lstatSync(path);
    } catch {
      out.push(`${path} missing`);
      return;
    }
    const base = `${path} ${(info.mode & 0o7777).toString(8)} ${info.uid}:${info.gid} mtime=${info.mtimeMs}`;
    if (info.isDirectory()) {
      out.push(`${base} dir`);
      for (const name of readdirSync(path).sort()) visit(join(path, name));
    } else if (info.isFile()) {
      out.push(`${base} ${info.size} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    } else {
      out.push(`${base} other`);
    }
  };
  visit(root);
  return out;
}
