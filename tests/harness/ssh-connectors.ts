/** Builds SSH connectors aimed at a test sshd, isolated from the real ~/.ssh and ssh-agent. */
import { SshConnector, SshConnectorOptions } from '../../engine/connectors/ssh/ssh-connector';
import { KnownHosts } from '../../engine/connectors/ssh/known-hosts';
import { buildConnectorConfig } from '../../engine/connectors/config';
import { SshdHarness, sshdAvailable } from './sshd';

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
