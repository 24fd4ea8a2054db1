/**
 * `command: {argv: [...]}` over SSH and on the controller (docs/modules.md#passing-untrusted-data-safely):
 * a value holding `; touch FILE`, `$(…)`, quotes, globs, empty strings reaches the program as one
 * argument each, nothing runs that was not asked for; bad argument lists fail with a message.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../e2e/e2e-run';
import { SshdHarness, startSshd } from '../harness/sshd';
import { describeWithSshd } from '../harness/ssh-connectors';
import { runKplay } from '../helpers/cli';
import { harnessConnector, writeInventory } from './fixtures';

const playbook = join(__dirname, 'projects', 'argv', 'site.yaml');

describeWithSshd('command argv runs without a shell', () => {
  let sshd: SshdHarness;
  let dir: string;

  beforeAll(async () => {
    sshd = await startSshd({ hosts: 1, users: true });
    dir = mkdtempSync(join(tmpdir(), 'kplay-argv-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await sshd?.stop();
  });

  const inventory = (vars: Record<string, unknown>): string =>
    writeInventory(
      dir,
      { ssh1: { connector: harnessConnector(sshd, 0) }, here: { connector: { type: 'local' } } },
      { nodes: { hosts: ['ssh1', 'here'] } },
      vars,
    );

  test('hostile values are single arguments over SSH and locally', async () => {
    const pwned = join(dir, 'pwned');
    const evil = `x; touch ${pwned}; echo \`touch ${pwned}\` $(touch ${pwned}) | tee ${pwned}`;
    const result = await runKplay([
      'run', playbook, '-i', inventory({ evil, marker: 'm-1', out_dir: dir, rest: ['-c', 'pwd; cat; echo "$0"', 'zero'], list: ['a b', "c'd"] }),
      '--workdir', join(dir, 'work'), '--report', join(dir, 'report.json'), '--known-hosts', sshd.knownHostsFile, '--no-color',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(existsSync(pwned)).toBe(false);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    // Results in host order, whichever finished first.
    const byTask = (name: string) => report.tasks.filter((t) => t.task === name).sort((a, b) => b.host.localeCompare(a.host));
    const expected = [evil, 'two  words', '$(id -u)', "'", '"', '*', '', 'm-1', '42', 'true'].map((a) => `<${a}>\n`).join('');
    expect(byTask('each item is one argument').map((t) => [t.host, t.stdout])).toEqual([['ssh1', expected], ['here', expected]]);
    // Go's toJson writes < and > as \u003c and \u003e.
    const cmd = JSON.stringify(['printf', '<%s>\n', evil, 'two  words', '$(id -u)', "'", '"', '*', '', 'm-1', '42', 'true']).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
    expect(byTask('what the result says was run').map((t) => t.msg)).toEqual([cmd, cmd]);
    expect(byTask('a whole list from a variable, with chdir and stdin').map((t) => t.stdout)).toEqual([
      `${dir}\nfrom stdin\nzero\n`,
      `${dir}\nfrom stdin\nzero\n`,
    ]);
    expect(byTask('the shell form with shellQuote is safe too').map((t) => t.stdout)).toEqual([
      `<${evil}>\n<a b>\n<c'd>\n`,
      `<${evil}>\n<a b>\n<c'd>\n`,
    ]);
  }, 120_000);

  // skip reason: the loopback harness has a sudo user only when the tests run as root
  (process.getuid?.() === 0 ? test : test.skip)('argv through sudo: the words reach the program as root unchanged', async () => {
    const user = sshd.becomeUser;
    if (user === undefined) throw new Error('the harness has no sudo user');
    const file = join(dir, 'become.yaml');
    writeFileSync(
      file,
      [
        '- hosts: sudo1',
        '  gather_facts: false',
        '  tasks:',
        '    - name: as root',
        '      become: true',
        '      command:',
        '        argv: [sh, -c, \'printf "%s|" "$(id -un)" "$@"\', sh, "{{ .evil }}", "a b"]',
        '',
      ].join('\n'),
    );
    const inventory = writeInventory(dir, { sudo1: { connector: harnessConnector(sshd, 0, { user: user.name, sudo_password: user.password }) } }, {}, { evil: "$(id -u); '\"" }, 'sudo-inventory.yaml');
    const result = await runKplay(['run', file, '-i', inventory, '--workdir', join(dir, 'work'), '--report', join(dir, 'sudo-report.json'), '--known-hosts', sshd.knownHostsFile]);
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'sudo-report.json'), 'utf8')) as Report;
    expect(report.tasks.map((t) => t.stdout)).toEqual([`root|$(id -u); '"|a b|`]);
  }, 60_000);

  test.each([
    ['argv: []', 'command.argv: must not be an empty list'],
    ['argv: ["-c", "x"]', 'argv[0] "-c" starts with "-"'],
    ['argv: [""]', 'argv[0] is empty'],
    ['argv: [echo]\n        cmd: echo', 'command: give the command as cmd or as argv, not both'],
    ['chdir: /', 'command: missing required argument "cmd"'],
  ])('%s fails the task with an argument error', async (args, message) => {
    const file = join(dir, `bad-${Buffer.from(args).toString('hex').slice(0, 16)}.yaml`);
    writeFileSync(file, ['- hosts: here', '  gather_facts: false', '  tasks:', '    - command:', `        ${args}`, ''].join('\n'));
    const result = await runKplay(['run', file, '-i', inventory({}), '--workdir', join(dir, 'work'), '--no-color']);
    expect(`${result.stdout}${result.stderr}`).toContain(message);
    expect(result.code).not.toBe(0);
  }, 60_000);
});
