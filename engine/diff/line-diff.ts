/**
 * Line-level edit script between two texts (Myers' O(ND) algorithm). Common prefix and suffix
 * are stripped first; when the remaining difference is very large the middle is reported as one
 * replacement, which keeps time and memory bounded for pathological inputs.
 */

export type EditKind = 'equal' | 'delete' | 'insert';

export interface Edit {
  readonly kind: EditKind;
  readonly line: string;
}

/** Above this many edits the exact shortest script is not worth its quadratic trace. */
const MAX_EDIT_DISTANCE = 4000;

export function diffLines(before: readonly string[], after: readonly string[]): Edit[] {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < before.length - prefix &&
    suffix < after.length - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  ) {
    suffix++;
  }
  const a = before.slice(prefix, before.length - suffix);
  const b = after.slice(prefix, after.length - suffix);
  const edits: Edit[] = before.slice(0, prefix).map((line) => ({ kind: 'equal', line }));
  edits.push(...(shortestEditScript(a, b) ?? replaceAll(a, b)));
  edits.push(...before.slice(before.length - suffix).map((line): Edit => ({ kind: 'equal', line })));
  return edits;
}

function replaceAll(a: readonly string[], b: readonly string[]): Edit[] {
  return [
    ...a.map((line): Edit => ({ kind: 'delete', line })),
    ...b.map((line): Edit => ({ kind: 'insert', line })),
  ];
}

/** The shortest script, or undefined when it needs more than MAX_EDIT_DISTANCE edits. */
function shortestEditScript(a: readonly string[], b: readonly string[]): Edit[] | undefined {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return replaceAll(a, b);
  const maxD = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = maxD + 1;
  let v = new Int32Array(2 * maxD + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= maxD; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
      let x = down ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(next);
        return backtrack(trace, a, b, offset, d);
      }
    }
    v = next;
  }
  return undefined;
}

/** Walks the saved frontiers back from the end to recover the edits, then reverses them. */
function backtrack(trace: Int32Array[], a: readonly string[], b: readonly string[], offset: number, dEnd: number): Edit[] {
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = dEnd; d > 0; d--) {
    // trace[d] is the frontier before step d was taken (trace[0] is the initial all-zero one).
    const v = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > (down ? prevX : prevX + 1) && y > (down ? prevY + 1 : prevY)) {
      edits.push({ kind: 'equal', line: a[x - 1] });
      x--;
      y--;
    }
    if (down) {
      edits.push({ kind: 'insert', line: b[y - 1] });
      y--;
    } else {
      edits.push({ kind: 'delete', line: a[x - 1] });
      x--;
    }
  }
  while (x > 0 && y > 0) {
    edits.push({ kind: 'equal', line: a[x - 1] });
    x--;
    y--;
  }
  return edits.reverse();
}
