/**
 * The conformance test compares only the phase of an error; for regular expressions the text is
 * part of the contract (Go's `error parsing regexp: …` and regexp.MustCompile's panic), so the
 * error cases of corpus/go-regexp.jsonl are compared word for word with the Go oracle's.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runJsonlCase } from '../../cli/commands/template';

interface ErrorCase {
  id: string;
  line: string;
  error: string;
}

const errorCases: ErrorCase[] = readFileSync(join(__dirname, 'corpus', 'go-regexp.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => ({ line, parsed: JSON.parse(line) as { id: string; expected: { ok: boolean; error?: string } } }))
  .filter(({ parsed }) => !parsed.expected.ok)
  .map(({ line, parsed }) => ({ id: parsed.id, line, error: parsed.expected.error ?? '' }));

describe("Go's regexp error texts", () => {
  it('has error cases to compare', () => {
    expect(errorCases.length).toBeGreaterThan(40);
  });

  for (const c of errorCases) {
    test(c.id, () => {
      const { result } = runJsonlCase(c.line);
      expect(result.ok ? 'no error' : result.error).toBe(c.error);
    });
  }
});
