/**
 * Differential conformance: every case of tests/conformance/corpus/*.jsonl (expectations produced
 * by the real Go text/template + Sprig + KubeKey-functions oracle in ./oracle) is rendered with
 * kplay's engine through the same code path as `kplay template render --jsonl`. A case passes when
 * `ok` matches and either the output is identical or, for errors, the phase (parse/exec) matches;
 * Go's error texts are not compared. Cases listed in skips.json are skipped with their reason.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runJsonlCase } from '../../cli/commands/template';

interface Expected {
  ok: boolean;
  out?: string;
  /** The exact output bytes when they are not valid UTF-8 (`out` then has U+FFFD for each bad run). */
  out_b64?: string;
  phase?: string;
  error?: string;
}

interface CorpusCase {
  id: string;
  line: string;
  expected: Expected;
}

const CORPUS_DIR = join(__dirname, 'corpus');

// regenerate.sh renders the corpus with TZ=UTC (Go's time.Local); render with the same local zone.
process.env.TZ = 'UTC';

function loadCorpus(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const file of readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(CORPUS_DIR, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const parsed = JSON.parse(line) as { id: unknown; expected: Expected };
      cases.push({ id: String(parsed.id), line, expected: parsed.expected });
    }
  }
  return cases;
}

const skips = JSON.parse(readFileSync(join(__dirname, 'skips.json'), 'utf8')) as Record<string, string>;
const corpus = loadCorpus();

describe('conformance corpus', () => {
  it('has unique ids and only known skips', () => {
    const ids = corpus.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(skips).filter((id) => !ids.includes(id))).toEqual([]);
  });

  for (const c of corpus) {
    const reason = skips[c.id];
    if (reason !== undefined) {
      test.skip(`${c.id} (skipped: ${reason})`, () => undefined);
      continue;
    }
    test(c.id, () => {
      const { result } = runJsonlCase(c.line);
      if (c.expected.ok) {
        expect(result).toEqual(c.expected.out_b64 === undefined ? { ok: true, out: c.expected.out } : { ok: true, out: c.expected.out, out_b64: c.expected.out_b64 });
      } else {
        expect(result.ok).toBe(false);
        // Compare the phase; show Go's message next to ours when they differ.
        const got = result.ok ? { phase: undefined, error: undefined } : { phase: result.phase, error: result.error };
        expect({ phase: got.phase }).toEqual({ phase: c.expected.phase });
      }
    });
  }
});
