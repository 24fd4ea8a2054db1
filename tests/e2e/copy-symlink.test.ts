import { chmodSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';

describe('copy never follows a symlink planted at dest', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-symlink-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a mode-only change replaces the link with the file and leaves the target alone', async () => {
    // The target holds exactly the wanted content, so only the mode would differ through the link.
    const target = join(dir, 'secret');
    writeFileSync(target, 'same\n');
    chmodSync(target, 0o600);
    const dest = join(dir, 'app.conf');
    symlinkSync(target, dest);
    const playbook = join(dir, 'site.yaml');
    writeFileSync(
      playbook,
      ['- hosts: localhost', '  gather_facts: false', '  tasks:', `    - copy: {content: "same\\n", dest: ${dest}, mode: "0666"}`, ''].join('\n'),
    );
    const run = await runKplay(['run', playbook, '--workdir', join(dir, 'work'), '--report', join(dir, 'report.json')]);
    expect(run.code).toBe(0);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(lstatSync(dest).isSymbolicLink()).toBe(false);
    expect(readFileSync(dest, 'utf8')).toBe('same\n');
    expect(statSync(dest).mode & 0o777).toBe(0o666);
    const again = await runKplay(['run', playbook, '--workdir', join(dir, 'work'), '--report', join(dir, 'again.json')]);
    expect(again.code).toBe(0);
    const tasks = (JSON.parse(readFileSync(join(dir, 'again.json'), 'utf8')) as { tasks: { status: string }[] }).tasks;
    expect(tasks.map((t) => t.status)).toEqual(['ok']);
  });
});
