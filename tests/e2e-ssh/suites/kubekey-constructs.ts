/**
 * KubeKey's builtin roles as an acceptance test, without KubeKey: tests/fixtures/kubekey-constructs
 * uses the constructs those roles rely on (bash-only commands, no `become` anywhere, ignore_errors
 * probes, nested roles with dependencies, register_type, facts) and must run unchanged over SSH as
 * root and as a non-root login whose connector says `sudo: true`. Runs on any hosts provider
 * (../hosts.ts).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay, type CliRun } from '../../helpers/cli';
import { writeInventory } from '../fixtures';
import { type HostsProvider, type SshHosts } from '../hosts';

const project = join(__dirname, '..', '..', 'fixtures', 'kubekey-constructs');
const HOSTS = ['node1', 'node2'] as const;

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

export function kubekeyConstructsSuite(provider: HostsProvider): void {
  provider.describe(`the KubeKey constructs project over SSH (${provider.name})`, () => {
    let hosts: SshHosts;
    let dir: string;

    beforeAll(async () => {
      hosts = await provider.start(HOSTS.length);
    }, provider.startTimeoutMs);
    afterAll(async () => hosts?.stop());
    beforeEach(async () => {
      // mkdtemp makes it root's and 0700 (prepare does the same on separate hosts): a non-root
      // login cannot even look inside without sudo.
      dir = mkdtempSync(join(tmpdir(), 'kplay-kk-constructs-'));
      await hosts.prepare(join(dir, 'out'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const run = (connector: (index: number) => Record<string, unknown>, playbook = 'site.yaml'): Promise<CliRun> => {
      const inventory = writeInventory(
        dir,
        Object.fromEntries(HOSTS.map((host, index) => [host, { connector: connector(index) }])),
        { nodes: { hosts: [...HOSTS] } },
      );
      return runKplay([
        'run',
        join(project, 'playbooks', playbook),
        '-i',
        inventory,
        '-e',
        `out=${join(dir, 'out')}`,
        '--workdir',
        join(dir, 'work'),
        '--report',
        join(dir, 'report.json'),
        '--known-hosts',
        hosts.knownHostsFile,
        '--no-color',
      ]);
    };

    /** What every host must have written, whoever logged in: the same files, as root, from bash. */
    const expectHostsDone = async (): Promise<void> => {
      const written = await hosts.files(join(dir, 'out'));
      for (const [index, host] of HOSTS.entries()) {
        expect(written[`${host}/precheck.txt`]?.content.toString()).toBe(
          [
            'missing_failed=true',
            'missing_rc=1',
            'json_uid=0',
            'json_second_shell=sh',
            'yaml_etcd=3.5.9',
            'pipefail_failed=true',
            'bash=part=alpha;part=beta;part=gamma;kinds=yaml,json os=known uid=0',
            'fact_kernel=true',
            'fact_arch=true',
            'fact_release=true',
            '',
          ].join('\n'),
        );
        expect(written[`${host}/probe-acted`]).toBeDefined();
        expect(written[`${host}/etc/app.conf`]).toMatchObject({ mode: '640', content: Buffer.from(`# written by kplay for ${host}\netcd=3.5.9\nuid=0\n`) });
        expect(written[`${host}/etc/copied.txt`]?.content.toString()).toBe('copied as 0\n');
        for (const file of ['precheck.txt', 'probe-acted', 'etc/app.conf', 'etc/copied.txt']) {
          expect({ file, owner: (await hosts.stat(index, join(dir, 'out', host, file)))?.uid }).toEqual({ file, owner: 0 });
        }
      }
    };

    test('as root (key login): bash syntax, probes, register_type, facts, nested roles', async () => {
      // connector.sudo on a root login changes nothing: no privilege change is needed.
      const result = await run((index) => hosts.connector(index, index === 1 ? { sudo: true } : {}));
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/node1 +: ok=\d+ +changed=\d+ +unreachable=0 +failed=0 +skipped=0 +rescued=0 +ignored=2/);
      await expectHostsDone();
    });

    // skip reason: the loopback harness creates its non-root sudo user only when the tests run as root
    (provider.name === 'fleet' || process.getuid?.() === 0 ? test : test.skip)(
      'as a non-root login with connector.sudo: true and a sudo password: the same result, the password never shown',
      async () => {
        const user = hosts.sudoUser;
        if (user === undefined) throw new Error('the hosts have no sudo user');
        const result = await run((index) => hosts.connector(index, { user: user.name, sudo: true, sudo_password: user.password }));
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/node2 +: ok=\d+ +changed=\d+ +unreachable=0 +failed=0 +skipped=0 +rescued=0 +ignored=2/);
        await expectHostsDone();
        expect(result.stdout).not.toContain(user.password);
        const written = [join(dir, 'report.json'), ...filesUnder(join(dir, 'work'))];
        expect(written.length).toBeGreaterThan(1);
        for (const file of written) expect(readFileSync(file, 'utf8')).not.toContain(user.password);
      },
    );

    // skip reason: the loopback harness creates its non-root sudo user only when the tests run as root
    (provider.name === 'fleet' || process.getuid?.() === 0 ? test : test.skip)(
      'the same login without connector.sudo cannot do it: the project relies on the implicit sudo',
      async () => {
        const user = hosts.sudoUser;
        if (user === undefined) throw new Error('the hosts have no sudo user');
        const result = await run((index) => hosts.connector(index, { user: user.name, sudo_password: user.password }));
        expect(result.code).toBe(2);
        expect(result.stdout).toContain('OS | a root-only work directory for this host');
        expect(result.stdout).toMatch(/Operation not permitted|Permission denied/);
      },
    );

    test("KubeKey's `ignore_error:` typo is a load error naming file:line:col and the fix; nothing runs", async () => {
      const result = await run((index) => hosts.connector(index), 'ignore-error-typo.yaml');
      expect(result.code).toBe(4);
      const file = join(project, 'playbooks', 'ignore-error-typo.yaml');
      expect(result.stderr).toContain(`${file}:9:7: unknown module or keyword "ignore_error" in task "Probe | registry port" (did you mean "ignore_errors"?) (KP-LOAD-002)`);
      expect(result.stderr).toContain('nothing was run');
      expect(result.stdout).toBe('');
    });
  });
}
