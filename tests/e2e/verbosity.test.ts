import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';

describe('kplay run -vvv: each command as sent', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-vvv-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const playbook = (): string => {
    const file = join(dir, 'site.yaml');
    writeFileSync(
      file,
      `- hosts: localhost
  gather_facts: false
  vars:
    db_password: Sup3rS3cret-vvv
  tasks:
    - name: Uses a secret
      command: echo {{ .db_password }} marker-vvv
    - name: Quiet
      command: echo quiet-vvv
      no_log: true
`,
    );
    return file;
  };

  test('-vvv prints the command line of every command, secrets masked; -vv does not', async () => {
    const file = playbook();
    const vvv = await runKplay(['run', file, '-vvv', '--workdir', join(dir, 'j')]);
    expect(vvv.code).toBe(0);
    // kplay's wrapper in /bin/sh hands the command to the login shell (docs/modules.md#command--shell).
    expect(vvv.stdout).toMatch(/^<localhost> EXEC \/bin\/sh -c '[\s\S]*\nexec \S+ -c '\\''echo \*{8} marker-vvv'\\'''$/m);
    expect(vvv.stdout).toMatch(/^<localhost> EXEC \*{8}$/m);
    expect(vvv.stdout).not.toContain('Sup3rS3cret-vvv');
    expect(vvv.stdout).not.toContain('echo quiet-vvv');
    const vv = await runKplay(['run', file, '-vv', '--workdir', join(dir, 'j')]);
    expect(vv.stdout).not.toContain('EXEC');
  });

  test('--output json carries them as log events of kind command', async () => {
    const json = await runKplay(['run', playbook(), '-vvv', '--output', 'json', '--workdir', join(dir, 'j')]);
    const commands = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; kind?: string; text?: string })
      .filter((e) => e.type === 'log' && e.kind === 'command');
    expect(commands.length).toBe(2);
    expect(commands[0].text).toContain('echo ******** marker-vvv');
  });
});
