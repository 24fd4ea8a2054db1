/**
 * `npm run bench:template`: template engine throughput (figures only, nothing asserted).
 *
 *   T1  render the cached 260-line kubeadm template (fixtures/kubeadm-config.tmpl, 283 output
 *       lines; range, if, with, define/include, Sprig calls, toYaml, toJson) 10,000 times
 *   T2  parse+render 100,000 `when` expressions the way evaluateCondition does it:
 *       (a) all texts distinct (every one parsed), (b) a small set of texts repeated (cache hits)
 *   T3  parsing the big template uncached (for scale)
 *   T4  parse+render the big template with a different text each time (a comment differs)
 *
 * Go's rates on the same fixtures are measured in the same run through the conformance oracle's
 * `-bench` mode (go-oracle-bench.ts; built offline by tests/conformance/build-oracle.sh): the
 * `G…` lines, and a `kplay ÷ Go` ratio of CPU-time rates (≥ 1.00 means kplay is at least as fast).
 * `Go shared funcs` parses every text with one function map (`base.New(name).Parse`, the fastest
 * text/template allows); `Go funcs per template` binds the map for each template, as a caller that
 * calls `template.New(name).Funcs(...)` per render does.
 *
 * Each figure is also printed relative to baselines measured in the same process, so runs on
 * noisy or different machines can be compared: B1 builds a string of the same size as the big
 * template's output by concatenation, B2 is JSON.stringify of the template's data.
 * Targets on the 2-core reference machine: T1 ≥ 20,000 renders/s, T2 ≥ 100,000 evaluations/s.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { conditionTemplate, evaluateCondition } from '../../engine/template/conversions';
import { decodeYamlDocument } from '../../engine/template/kubekey/yaml-decode';
import { parseTemplate } from '../../engine/template/template';
import { buildOracle, runGoBench, type GoBenchRequest } from './go-oracle-bench';

const FIXTURES = join(__dirname, 'fixtures');
const TEMPLATE_NAME = 'roles/install/kubernetes/templates/kubeadm-config.tmpl';
/** Best of ROUNDS: the least disturbed round on a shared machine. */
const ROUNDS = 2;

interface Measurement {
  /** By wall-clock time (what a user waits for). */
  readonly opsPerSecond: number;
  readonly msPerOp: number;
  /** By this process's CPU time: steadier than wall time when other processes share the CPUs. */
  readonly opsPerCpuSecond: number;
}

/** Keeps results observable so V8 cannot drop the measured work as dead code. */
let sink = 0;

/** Runs `op` `count` times per round and keeps the best round (least disturbed by neighbours). */
function measure(count: number, op: (i: number) => number): Measurement {
  let bestNs = Number.POSITIVE_INFINITY;
  let bestCpuUs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < count; i++) sink += op(i);
    const ns = Number(process.hrtime.bigint() - t0);
    const cpu = process.cpuUsage(cpu0);
    bestNs = Math.min(bestNs, ns);
    bestCpuUs = Math.min(bestCpuUs, Math.max(1, cpu.user + cpu.system));
  }
  return { opsPerSecond: (count * 1e9) / bestNs, msPerOp: bestNs / 1e6 / count, opsPerCpuSecond: (count * 1e6) / bestCpuUs };
}

function warmUp(count: number, op: (i: number) => number): void {
  for (let i = 0; i < count; i++) sink += op(i);
}

const integer = (n: number): string => Math.round(n).toLocaleString('en-US');

function report(label: string, m: Measurement, unit: string, baselines: ReadonlyArray<[string, Measurement]>, target?: number): void {
  const ratios = baselines.map(([name, b]) => `${(b.opsPerCpuSecond / m.opsPerCpuSecond).toFixed(1)}× ${name}`).join(', ');
  const verdict = target === undefined ? '' : Math.max(m.opsPerSecond, m.opsPerCpuSecond) >= target ? `  [target ≥ ${integer(target)}: met]` : `  [target ≥ ${integer(target)}: MISSED]`;
  console.log(
    `${label.padEnd(44)} ${integer(m.opsPerSecond).padStart(9)} ${unit}/s (CPU-time rate ${integer(m.opsPerCpuSecond)}/s; ` +
      `${(m.msPerOp * 1000).toFixed(2)} µs each = ${ratios})${verdict}`,
  );
}

/** Short `when` expressions as builtin roles write them; `%` is replaced to make texts distinct. */
const WHEN_SHAPES: readonly string[] = [
  '.cni.type | eq "%"',
  '.kube_version | semverCompare ">=v1.%"',
  '.groups.kube_worker | default list | has "%"',
  'and .kubernetes.audit (ne .etcd.type "%")',
  '.cri.container_manager | eq "containerd" | and (eq .inventory_hostname "%")',
  'not (.groups.etcd | has "%")',
  'index .hostvars .inventory_hostname "internal_ipv4" | ne "%"',
  'or (eq .cni.type "%") (eq .cni.type "cilium")',
  '.kubernetes.kubelet.max_pods | lt %',
  '.image_registry | hasPrefix "%"',
];

/** Distinct texts start at tag `firstTag` (so every round gets texts never parsed before). */
function whenTexts(count: number, distinct: boolean, firstTag = 0): string[] {
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const shape = WHEN_SHAPES[i % WHEN_SHAPES.length];
    // Repeated set: 20 texts (each shape with two values); distinct: every text unique.
    const tag = distinct ? String(firstTag + i) : String(Math.floor(i / WHEN_SHAPES.length) % 2);
    texts.push(conditionTemplate(shape.replace('%', tag)));
  }
  return texts;
}

/** Go's figure for the same work as a Measurement, or undefined (and a note) when Go is unavailable. */
function goMeasure(oracle: string | undefined, request: Omit<GoBenchRequest, 'warmup'> & { warmup?: readonly string[] }): Measurement | undefined {
  if (oracle === undefined) return undefined;
  const r = runGoBench(oracle, { warmup: [], ...request });
  return { opsPerSecond: (r.ops * 1e9) / r.wallNs, msPerOp: r.wallNs / 1e6 / r.ops, opsPerCpuSecond: (r.ops * 1e9) / Math.max(1, r.cpuNs) };
}

function compare(label: string, kplay: Measurement, go: Measurement | undefined): void {
  if (go === undefined) return;
  const ratio = kplay.opsPerCpuSecond / go.opsPerCpuSecond;
  const wall = kplay.opsPerSecond / go.opsPerSecond;
  console.log(`${`   kplay ÷ Go (${label})`.padEnd(44)} ${ratio.toFixed(2).padStart(9)}× by CPU time, ${wall.toFixed(2)}× by wall time${ratio >= 1 ? '' : '  [kplay SLOWER]'}`);
}

function main(): void {
  const text = readFileSync(join(FIXTURES, 'kubeadm-config.tmpl'), 'utf8');
  const data = decodeYamlDocument(readFileSync(join(FIXTURES, 'kubeadm-config.data.yaml'), 'utf8'));
  const template = parseTemplate(text, { name: TEMPLATE_NAME });
  const output = template.execute(data);
  const outputLines = output.split('\n');

  console.log(`kplay template benchmark (node ${process.version}, ${cpus().length} CPUs, best of ${ROUNDS} rounds)`);
  console.log(`fixture: ${text.split('\n').length} template lines -> ${outputLines.length} output lines, ${output.length} bytes`);
  console.log('"= N× B1": one operation costs as much CPU time as N baseline operations (comparable across machines)');

  // Baselines: the same machine's speed at plain string and JSON work of comparable size.
  const concat = (): number => {
    let s = '';
    for (const line of outputLines) s += line + '\n';
    return s.charCodeAt(s.length >> 1); // reading a char flattens V8's rope, like real output use
  };
  const stringify = (): number => JSON.stringify(data).length;
  warmUp(2000, concat);
  warmUp(2000, stringify);
  const b1 = measure(10000, concat);
  const b2 = measure(10000, stringify);
  const baseline = (label: string, m: Measurement): void =>
    console.log(`${label.padEnd(44)} ${integer(m.opsPerSecond).padStart(9)} ops/s (CPU-time rate ${integer(m.opsPerCpuSecond)}/s)`);
  baseline(`B1 concatenate ${outputLines.length} lines (${output.length} bytes)`, b1);
  baseline('B2 JSON.stringify(template data)', b2);
  const baselines: Array<[string, Measurement]> = [
    ['B1', b1],
    ['B2', b2],
  ];

  const built = buildOracle();
  const oracle = 'path' in built ? built.path : undefined;
  if ('error' in built) console.log(`(Go figures skipped: the oracle could not be built: ${built.error})`);

  warmUp(1000, () => template.execute(data).length);
  const t1 = measure(10000, () => template.execute(data).length);
  report('T1 render cached kubeadm template x10,000', t1, 'renders', baselines, 20000);
  const g1 = goMeasure(oracle, { name: TEMPLATE_NAME, data, shared: true, parse: false, execute: true, warmup: Array<string>(300).fill(text), rounds: [Array<string>(2000).fill(text), Array<string>(2000).fill(text)] });
  if (g1 !== undefined) report('G1 Go: render parsed kubeadm template x2,000', g1, 'renders', baselines);
  compare('T1 cached render', t1, g1);

  const WHEN_COUNT = 100000;
  const repeated = whenTexts(WHEN_COUNT, false);
  const view = data;
  warmUp(5000, (i) => (evaluateCondition(repeated[i], view, 'when') ? 1 : 0));
  // Every round of the distinct run must parse again, so each round gets its own fresh texts.
  const distinctRounds = Array.from({ length: ROUNDS }, (_, r) => whenTexts(WHEN_COUNT, true, (r + 1) * WHEN_COUNT));
  let round = -1;
  const distinctOp = (i: number): number => {
    if (i === 0) round++;
    return evaluateCondition(distinctRounds[round][i], view, 'when') ? 1 : 0;
  };
  const t2a = measure(WHEN_COUNT, distinctOp);
  report('T2a when x100,000, all texts distinct', t2a, 'evals', baselines, 100000);
  const goWhen = (shared: boolean, count: number): Measurement | undefined =>
    goMeasure(oracle, {
      name: 'when',
      data,
      shared,
      parse: true,
      execute: true,
      warmup: whenTexts(5000, true, 10 * WHEN_COUNT),
      rounds: Array.from({ length: ROUNDS }, (_, r) => whenTexts(count, true, (r + 20) * WHEN_COUNT)),
    });
  const g2a = goWhen(true, WHEN_COUNT);
  if (g2a !== undefined) report('G2a Go shared funcs: same when texts', g2a, 'evals', baselines);
  compare('T2a distinct texts', t2a, g2a);
  const g2aPer = goWhen(false, WHEN_COUNT / 10);
  if (g2aPer !== undefined) report('G2a Go funcs per template: x10,000', g2aPer, 'evals', baselines);
  report('T2b when x100,000, 20 texts repeated', measure(WHEN_COUNT, (i) => (evaluateCondition(repeated[i], view, 'when') ? 1 : 0)), 'evals', baselines, 100000);

  // Uncached parses: a new name per parse gives a new cache key for the same text.
  let parses = 0;
  const t3 = measure(200, (i) => parseTemplate(text, { name: `${TEMPLATE_NAME}#${parses++}-${i}` }).parsed.trees.size);
  report('T3 parse kubeadm template (uncached)', t3, 'parses', baselines);
  const g3 = goMeasure(oracle, { name: TEMPLATE_NAME, data, shared: true, parse: true, execute: false, warmup: Array<string>(50).fill(text), rounds: [Array<string>(200).fill(text), Array<string>(200).fill(text)] });
  if (g3 !== undefined) report('G3 Go shared funcs: parse kubeadm template', g3, 'parses', baselines);
  compare('T3 parse', t3, g3);

  // T4: the big template with a comment that differs per text: every one is parsed and rendered.
  const T4_COUNT = 300;
  const bigTexts = (round: number, count: number): string[] => Array.from({ length: count }, (_, i) => `{{/* ${round}-${i} */}}${text}`);
  const t4Rounds = Array.from({ length: ROUNDS }, (_, r) => bigTexts(r + 1, T4_COUNT));
  warmUp(50, (i) => parseTemplate(bigTexts(0, 50)[i], { name: TEMPLATE_NAME }).execute(data).length);
  let t4Round = -1;
  const t4 = measure(T4_COUNT, (i) => {
    if (i === 0) t4Round++;
    return parseTemplate(t4Rounds[t4Round][i], { name: TEMPLATE_NAME }).execute(data).length;
  });
  report('T4 parse+render kubeadm, all texts distinct', t4, 'renders', baselines);
  const g4 = goMeasure(oracle, { name: TEMPLATE_NAME, data, shared: true, parse: true, execute: true, warmup: bigTexts(100, 50), rounds: [bigTexts(101, T4_COUNT), bigTexts(102, T4_COUNT)] });
  if (g4 !== undefined) report('G4 Go shared funcs: same texts', g4, 'renders', baselines);
  compare('T4 distinct big texts', t4, g4);

  const trues = repeated.filter((t) => evaluateCondition(t, view, 'when')).length;
  console.log(`(sanity: ${trues} of ${repeated.length} repeated conditions are true; checksum ${sink % 1000})`);
}

main();
