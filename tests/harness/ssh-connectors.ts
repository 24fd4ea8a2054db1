/** Builds SSH connectors aimed at a test sshd, isolated from the real ~/.ssh and ssh-agent. */
import { SshConnector, SshConnectorOptions } from '../../engine/connectors/ssh/ssh-connector';
import { KnownHosts } from '../../engine/connectors/ssh/known-hosts';
import { buildConnectorConfig } from '../../engine/connectors/config';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SshdHarness, sshdAvailable, startSshd } from './sshd';

export function testSshConnector(
  sshd: SshdHarness,
  hostIndex: number,
  connector: Record<string, unknown> = {},
  options: Partial<SshConnectorOptions> & { knownHostsFile?: string } = {},
): SshConnector {
  const hostName = `host${hostIndex}`;
  const config = buildConnectorConfig(hostName, {
    host: sshd.hosts[hostIndex],
    port: sshd.port,
    user: sshd.user,
    private_key: sshd.clientKeyPath,
    ...sessionSetting(),
    ...connector,
  });
  return new SshConnector(hostName, config, {
    knownHosts: new KnownHosts({ writableFile: options.knownHostsFile ?? sshd.knownHostsFile, readOnlyFiles: [] }),
    homeDir: '',
    agentSocket: '',
    ...options,
  });
}

/**
 * `connector.session` the SSH suites run with: `KPLAY_TEST_SSH_SESSION=persistent|exec`, or
 * nothing (the connector's default). Settings a test writes itself win.
 */
export function sessionSetting(): Record<string, string> {
  const mode = process.env.KPLAY_TEST_SSH_SESSION;
  if (mode === undefined || mode === '') return {};
  if (mode !== 'persistent' && mode !== 'exec') throw new Error(`KPLAY_TEST_SSH_SESSION must be persistent or exec, got ${mode}`);
  return { session: mode };
}

/** `describe` when sshd is installed, otherwise a skipped block with the reason printed once. */
export function describeWithSshd(name: string, body: () => void): void {
  if (sshdAvailable()) {
    describe(name, body);
    return;
  }
  console.warn(`skipping "${name}": /usr/sbin/sshd is not installed`);
  describe.skip(name, body);
}

export interface SshScratch {
  readonly sshd: SshdHarness;
  readonly connector: SshConnector;
  /** A directory on the (loopback) host, mode 755 so sshd's login user may look into it. */
  readonly scratch: string;
}

/**
 * For a describe block: an sshd with one host, a connector to it and a scratch directory, made
 * before the block's tests (handed to `ready`) and removed after them.
 */
export function withSshScratch(scratchPrefix: string, ready: (made: SshScratch) => void): void {
  let made: SshScratch | undefined;
  beforeAll(async () => {
    const sshd = await startSshd({ hosts: 1 });
    made = { sshd, connector: testSshConnector(sshd, 0), scratch: mkdtempSync(join(tmpdir(), scratchPrefix)) };
    chmodSync(made.scratch, 0o755);
    ready(made);
  });
  afterAll(async () => {
    await made?.connector.close();
    await made?.sshd.stop();
    if (made) rmSync(made.scratch, { recursive: true, force: true });
  });
}
