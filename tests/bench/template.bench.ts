/**
 * `npm run bench:template`: template engine throughput (figures only, nothing asserted).
 *
 *   T1  render the cached ~300-line kubeadm template (fixtures/kubeadm-config.tmpl) 10,000 times
 *   T2  parse+render 100,000 `when` expressions the way evaluateCondition does it:
 *       (a) all texts distinct (every one parsed), (b) a small set of texts repeated (cache hits)
 *   T3  parsing the big template uncached (for scale)
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
import type { GoValue } from '../../engine/template/values';

const FIXTURES = join(__dirname, 'fixtures');
const TEMPLATE_NAME = 'roles/install/kubernetes/templates/kubeadm-config.tmpl';
const ROUNDS = 3;

interface Measurement {
  readonly opsPerSecond: number;
  readonly msPerOp: number;
}

/** Keeps results observable so V8 cannot drop the measured work as dead code. */
let sink = 0;

/** Runs `op` `count` times per round and keeps the best round (least disturbed by neighbours). */
function measure(count: number, op: (i: number) => number): Measurement {
  let bestNs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < count; i++) sink += op(i);
    const ns = Number(process.hrtime.bigint() - t0);
    if (ns < bestNs) bestNs = ns;
  }
  return { opsPerSecond: (count * 1e9) / bestNs, msPerOp: bestNs / 1e6 / count };
}

function warmUp(count: number, op: (i: number) => number): void {
  for (let i = 0; i < count; i++) sink += op(i);
}

const integer = (n: number): string => Math.round(n).toLocaleString('en-US');

function report(label: string, m: Measurement, unit: string, baselines: ReadonlyArray<[string, Measurement]>, target?: number): void {
  const ratios = baselines.map(([name, b]) => `${(b.opsPerSecond / m.opsPerSecond).toFixed(1)}× ${name}`).join(', ');
  const verdict = target === undefined ? '' : m.opsPerSecond >= target ? `  [target ≥ ${integer(target)}: met]` : `  [target ≥ ${integer(target)}: MISSED]`;
  console.log(`${label.padEnd(44)} ${integer(m.opsPerSecond).padStart(10)} ${unit}/s  (${(m.msPerOp * 1000).toFixed(2)} µs each; cost = ${ratios})${verdict}`);
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

function whenTexts(count: number, distinct: boolean): string[] {
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const shape = WHEN_SHAPES[i % WHEN_SHAPES.length];
    // Repeated set: 20 texts (each shape with two values); distinct: every text unique.
    const tag = distinct ? String(i) : String(Math.floor(i / WHEN_SHAPES.length) % 2);
    texts.push(conditionTemplate(shape.replace('%', tag)));
  }
  return texts;
}

function main(): void {
  const text = readFileSync(join(FIXTURES, 'kubeadm-config.tmpl'), 'utf8');
  const data = decodeYamlDocument(readFileSync(join(FIXTURES, 'kubeadm-config.data.yaml'), 'utf8')) as GoValue;
  const template = parseTemplate(text, { name: TEMPLATE_NAME });
  const output = template.execute(data);
  const outputLines = output.split('\n');

  console.log(`kplay template benchmark (node ${process.version}, ${cpus().length} CPUs, best of ${ROUNDS} rounds)`);
  console.log(`fixture: ${text.split('\n').length} template lines -> ${outputLines.length} output lines, ${output.length} bytes`);

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
  console.log(`B1 concatenate ${outputLines.length} lines (${output.length} bytes)`.padEnd(44) + ` ${integer(b1.opsPerSecond).padStart(10)} ops/s`);
  console.log('B2 JSON.stringify(template data)'.padEnd(44) + ` ${integer(b2.opsPerSecond).padStart(10)} ops/s`);
  const baselines: Array<[string, Measurement]> = [
    ['B1', b1],
    ['B2', b2],
  ];

  warmUp(1000, () => template.execute(data).length);
  report('T1 render cached kubeadm template x10,000', measure(10000, () => template.execute(data).length), 'renders', baselines, 20000);

  const distinct = whenTexts(100000, true);
  const repeated = whenTexts(100000, false);
  const view = data;
  warmUp(5000, (i) => (evaluateCondition(repeated[i], view, 'when') ? 1 : 0));
  // Each round of the distinct run must parse again: use fresh texts per round.
  let round = 0;
  const distinctRounds = [distinct, ...Array.from({ length: ROUNDS - 1 }, (_, r) => distinct.map((t) => t.replace('}}', ` }}${'{{/*' + (r + 1) + '*/}}'}`)))];
  const distinctOp = (i: number): number => {
    if (i === 0) round++;
    return evaluateCondition(distinctRounds[round - 1][i], view, 'when') ? 1 : 0;
  };
  report('T2a when x100,000, all texts distinct', measure(100000, distinctOp), 'evals', baselines, 100000);
  report('T2b when x100,000, 20 texts repeated', measure(100000, (i) => (evaluateCondition(repeated[i], view, 'when') ? 1 : 0)), 'evals', baselines, 100000);

  // Uncached parses: a new name per parse gives a new cache key for the same text.
  report('T3 parse kubeadm template (uncached)', measure(200, (i) => parseTemplate(text, { name: `${TEMPLATE_NAME}#${round}-${i}-${Math.random()}` }).parsed.trees.size), 'parses', baselines);

  const trues = repeated.filter((t) => evaluateCondition(t, view, 'when')).length;
  console.log(`(sanity: ${trues} of ${repeated.length} repeated conditions are true; checksum ${sink % 1000})`);
}

main();
