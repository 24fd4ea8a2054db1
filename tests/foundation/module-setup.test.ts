import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import chalk from 'chalk';
import pLimit from 'p-limit';
import { packageRoot } from '../../engine/core/package-root';

// The project compiles to CommonJS and pins the last CommonJS majors of chalk (4) and p-limit (3),
// so the same import works under jest (which cannot require ESM-only packages without a
// transform) and under plain node. These tests pin that choice.
describe('module setup', () => {
  test('chalk and p-limit load under jest', async () => {
    const limit = pLimit(2);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        limit(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 5));
          running--;
          return n * 2;
        }),
      ),
    );
    expect(results).toEqual([2, 4, 6, 8, 10]);
    expect(peak).toBe(2);
    expect(new chalk.Instance({ level: 1 }).red('x')).toBe('\u001b[31mx\u001b[39m');
  });

  test('the built CLI runs under plain node', () => {
    const bin = join(packageRoot(), 'dist', 'cli', 'main.js');
    expect(existsSync(bin)).toBe(true); // `npm install` builds it through the prepare script
    const out = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(out).toMatch(/^kplay \d+\.\d+\.\d+\n$/);
    const loaded = execFileSync(
      process.execPath,
      ['-e', "const c=require('chalk');const p=require('p-limit');process.stdout.write(typeof c.red+typeof p)"],
      { encoding: 'utf8', cwd: packageRoot() },
    );
    expect(loaded).toBe('functionfunction');
  });
});
