/** Keeps docs/errors.md and the code table in engine/core/errors.ts listing the same codes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '../../engine/core/errors';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'errors.md'), 'utf8');
const documented = [...doc.matchAll(/^## (KP-[A-Z]+-\d{3})$/gm)].map((m) => m[1]);

describe('docs/errors.md', () => {
  test('documents every code, once, in the order of the code table', () => {
    expect(documented).toEqual(Object.keys(ERROR_CODES));
  });

  test('each entry says how to fix it or what the message holds', () => {
    const sections = doc.split(/^## /m).slice(1);
    const vague = sections.filter((s) => !/\*Fix:\*|The message holds/.test(s)).map((s) => s.split('\n')[0]);
    expect(vague).toEqual([]);
  });
});
