/**
 * `kplay template render`: renders one template (FILE or stdin) with variables, or, with
 * `--jsonl`, a stream of oracle-format cases (`{"id","template","data",…}` per line) answering
 * each with `{"id","ok":true,"out"}` / `{"id","ok":false,"phase","error"}` — the format of the Go
 * oracle, so the same corpora and compare scripts score both.
 */

import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import {
  combineVariables,
  decodeYamlDocument,
  goStringBytes,
  hasRawBytes,
  isMap,
  kubekeyFunctionMap,
  parseJsonLossless,
  parseOverrides,
  parseTemplate,
  sprigFunctionMap,
  TemplateError,
  type FunctionMap,
  type GoMap,
  type GoValue,
  withCode,
} from '../../engine';
import type { CompletionNode } from '../completion/tree';

export interface TemplateCommandIO {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

type FuncsName = 'kubekey' | 'sprig';
type MissingKey = 'default' | 'invalid' | 'zero' | 'error';

interface RenderOptions {
  varsFiles: string[];
  extraVars: string[];
  funcs: FuncsName;
  missingkey: MissingKey;
  delims?: [string, string];
  jsonl: boolean;
  input?: string;
}

class UsageError extends Error {}

const USAGE = `Usage:
  kplay template render [--vars FILE.yaml]... [-e key=value]... [--funcs kubekey|sprig]
                        [--missingkey default|zero|error] [--delims '<<,>>'] FILE|-
  kplay template render --jsonl [--funcs kubekey|sprig] [FILE|-]

Renders Go text/template text with the KubeKey (default) or the Sprig function map (both without env/expandenv).
-e works as for kplay run: key=value (typed like a YAML scalar: -e n=3 is an int; a.b=1 nests),
@file.yaml, or an inline {...} mapping.
--jsonl reads one case per line: {"id","template","data","missingkey"?,"delims"?,"funcs"?,"name"?}
and writes {"id","ok":true,"out"} or {"id","ok":false,"phase","error"} per line.

Examples:
  echo '{{ .name | upper }}' | kplay template render -e name=world -
  kplay template render --vars vars.yaml roles/cri/templates/config.toml
  kplay template render --jsonl --funcs sprig < cases.jsonl
`;

/** The options `parseArgs` below accepts, for `kplay completion` (a test keeps both in step). */
export const TEMPLATE_RENDER_COMPLETION: CompletionNode = {
  options: {
    vars: { type: 'string', multiple: true },
    'extra-vars': { type: 'string', short: 'e', multiple: true },
    funcs: { type: 'string' },
    missingkey: { type: 'string' },
    delims: { type: 'string' },
    jsonl: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  positionals: 'files',
  choices: { funcs: ['kubekey', 'sprig'], missingkey: ['default', 'zero', 'error'] },
};

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_BAD_OPTIONS = 5;

function parseMissingKey(v: string): MissingKey {
  if (v === 'default' || v === 'invalid' || v === 'zero' || v === 'error') return v;
  throw new UsageError(`--missingkey must be default, zero or error, not ${JSON.stringify(v)}`);
}

function parseFuncs(v: string): FuncsName {
  if (v === 'kubekey' || v === 'sprig') return v;
  throw new UsageError(`--funcs must be kubekey or sprig, not ${JSON.stringify(v)}`);
}

function parseDelims(v: string): [string, string] {
  const comma = v.indexOf(',');
  if (comma < 0) throw new UsageError(`--delims needs LEFT,RIGHT (e.g. '<<,>>'), not ${JSON.stringify(v)}`);
  return [v.slice(0, comma), v.slice(comma + 1)];
}

function parseArgs(argv: string[]): RenderOptions {
  const opts: RenderOptions = { varsFiles: [], extraVars: [], funcs: 'kubekey', missingkey: 'default', jsonl: false };
  const args = [...argv];
  const value = (flag: string): string => {
    const v = args.shift();
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  while (args.length > 0) {
    const arg = args.shift() as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const take = (): string => inline ?? value(flag);
    switch (flag) {
      case '--vars':
        opts.varsFiles.push(take());
        break;
      case '-e':
      case '--extra-vars': {
        opts.extraVars.push(take());
        break;
      }
      case '--funcs':
        opts.funcs = parseFuncs(take());
        break;
      case '--missingkey':
        opts.missingkey = parseMissingKey(take());
        break;
      case '--delims':
        opts.delims = parseDelims(take());
        break;
      case '--jsonl':
        opts.jsonl = true;
        break;
      default:
        if (arg !== '-' && arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        if (opts.input !== undefined) throw new UsageError('only one FILE may be given');
        opts.input = arg;
    }
  }
  if (!opts.jsonl && opts.input === undefined) throw new UsageError('missing FILE (use - for stdin)');
  return opts;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function functionMap(name: FuncsName): FunctionMap {
  return name === 'sprig' ? sprigFunctionMap() : kubekeyFunctionMap();
}

interface RenderRequest {
  text: string;
  data: GoValue;
  name: string;
  funcs: FuncsName;
  missingkey: MissingKey;
  delims?: [string, string];
}

function render(req: RenderRequest): string {
  const template = parseTemplate(req.text, { name: req.name, delims: req.delims, funcs: functionMap(req.funcs) });
  return template.execute(req.data, { missingkey: req.missingkey });
}

async function loadVariables(opts: RenderOptions): Promise<GoMap> {
  const vars: GoMap = {};
  for (const file of opts.varsFiles) {
    const loaded = decodeYamlDocument(await readFile(file, 'utf8'));
    if (loaded === null) continue;
    if (!isMap(loaded)) throw new UsageError(`${file}: the top level must be a mapping`);
    Object.assign(vars, loaded);
  }
  // -e means the same as for `kplay run`: key=value (YAML-typed, dotted keys nest), @file, {…}.
  const overrides = parseOverrides(opts.extraVars);
  const problem = overrides.diagnostics.find((d) => d.severity === 'error');
  if (problem !== undefined) throw new UsageError(problem.message);
  return combineVariables(vars, overrides.vars);
}

async function renderOne(opts: RenderOptions, io: TemplateCommandIO): Promise<number> {
  const input = opts.input as string;
  const text = input === '-' ? await readAll(io.stdin) : await readFile(input, 'utf8');
  const data = await loadVariables(opts);
  try {
    // Raw bytes (docs/templates.md#byte-strings) go out as they are, like Go's output.
    io.stdout.write(goStringBytes(render({ text, data, name: input === '-' ? 'tpl' : input, funcs: opts.funcs, missingkey: opts.missingkey, delims: opts.delims })));
    return EXIT_OK;
  } catch (e) {
    if (e instanceof TemplateError) {
      io.stderr.write(`${e.phase === 'parse' ? 'parse' : 'render'} error: ${e.message}\n`);
      return EXIT_FAILED;
    }
    throw e;
  }
}

/**
 * One case's result, as the Go oracle writes it: an output that is not valid UTF-8 comes as `out`
 * with each run of bad bytes replaced by U+FFFD plus `out_b64`, the exact bytes.
 */
export type CaseResult = { ok: true; out: string; out_b64?: string } | { ok: false; phase: string; error: string };

function okResult(out: string): CaseResult {
  if (!hasRawBytes(out)) return { ok: true, out };
  return { ok: true, out: out.replace(/(?:(?<![\ud800-\udbff])[\udc80-\udcff])+/g, '\ufffd'), out_b64: goStringBytes(out).toString('base64') };
}

export interface CaseDefaults {
  funcs: FuncsName;
  missingkey: MissingKey;
  delims?: [string, string];
}

function field(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/**
 * Renders one JSONL case (oracle input format) and returns its result; `input` errors mirror the
 * oracle's handling of unusable lines. Also used by the conformance test runner.
 */
export function runJsonlCase(line: string, defaults: CaseDefaults = { funcs: 'kubekey', missingkey: 'default' }): { id: unknown; result: CaseResult } {
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(line) as Record<string, unknown>;
  } catch (e) {
    return { id: null, result: { ok: false, phase: 'input', error: `bad input line: ${(e as Error).message}` } };
  }
  const id = field(meta, 'id') ?? null;
  const fail = (error: string): { id: unknown; result: CaseResult } => ({ id, result: { ok: false, phase: 'input', error } });
  const text = field(meta, 'template');
  if (typeof text !== 'string') return fail('missing "template"');
  let data: GoValue = null;
  try {
    const whole = parseJsonLossless(line);
    data = isMap(whole) ? (whole.data ?? null) : null;
  } catch (e) {
    return fail(`bad data: ${(e as Error).message}`);
  }
  let missingkey = defaults.missingkey;
  let funcs = defaults.funcs;
  let delims = defaults.delims;
  try {
    const mk = field(meta, 'missingkey');
    if (mk !== undefined && mk !== '') missingkey = parseMissingKey(typeof mk === 'string' ? mk : JSON.stringify(mk));
    const fm = field(meta, 'funcs');
    if (fm !== undefined && fm !== '') funcs = parseFuncs(typeof fm === 'string' ? fm : JSON.stringify(fm));
    const d = field(meta, 'delims');
    if (d !== undefined && d !== null) {
      if (!Array.isArray(d) || d.length !== 2) return fail('delims must be a 2-element array');
      delims = [String(d[0]), String(d[1])];
    }
  } catch (e) {
    return fail((e as Error).message);
  }
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : 'tpl';
  try {
    return { id, result: okResult(render({ text, data, name, funcs, missingkey, delims })) };
  } catch (e) {
    if (e instanceof TemplateError) return { id, result: { ok: false, phase: e.phase, error: e.goMessage } };
    // A crash inside the engine is reported against the case instead of killing the stream.
    return { id, result: { ok: false, phase: 'exec', error: `internal error: ${e instanceof Error ? e.message : String(e)}` } };
  }
}

async function renderJsonl(opts: RenderOptions, io: TemplateCommandIO): Promise<number> {
  const stream = opts.input === undefined || opts.input === '-' ? io.stdin : (await import('node:fs')).createReadStream(opts.input);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const { id, result } = runJsonlCase(line, opts);
    io.stdout.write(JSON.stringify({ id, ...result }) + '\n');
  }
  return EXIT_OK;
}

export async function templateCommand(argv: string[], io: TemplateCommandIO): Promise<number> {
  const args = argv[0] === 'template' ? argv.slice(1) : argv;
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    (args.length === 0 ? io.stderr : io.stdout).write(USAGE);
    return args.length === 0 ? EXIT_BAD_OPTIONS : EXIT_OK;
  }
  if (args[0] !== 'render') {
    io.stderr.write(`kplay template: unknown subcommand ${JSON.stringify(args[0])}\n\n${USAGE}`);
    return EXIT_BAD_OPTIONS;
  }
  let opts: RenderOptions;
  try {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(USAGE);
      return EXIT_OK;
    }
    opts = parseArgs(args.slice(1));
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`kplay template render: ${withCode(e.message, 'KP-CLI-001')}\n\n${USAGE}`);
      return EXIT_BAD_OPTIONS;
    }
    throw e;
  }
  try {
    return opts.jsonl ? await renderJsonl(opts, io) : await renderOne(opts, io);
  } catch (e) {
    io.stderr.write(`kplay template render: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_FAILED;
  }
}
