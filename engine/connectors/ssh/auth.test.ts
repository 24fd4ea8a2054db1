import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConnectorConfig } from '../config';
import { AuthSetupError, buildAuthPlan } from './auth';

describe('buildAuthPlan: key files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-auth-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const plan = (privateKey: string) => buildAuthPlan(buildConnectorConfig('node1', { host: '127.0.0.1', private_key: privateKey }), 'root', '', undefined);

  test('a configured key that cannot be read says why', async () => {
    await expect(plan(join(dir, 'absent'))).rejects.toThrow(new AuthSetupError(`private key file ${join(dir, 'absent')} cannot be read: no such file`));
    await expect(plan(dir)).rejects.toThrow(/cannot be read: it is a directory/);
  });

  test('a configured file that is no private key says so', async () => {
    writeFileSync(join(dir, 'not-a-key'), 'hello\n');
    await expect(plan(join(dir, 'not-a-key'))).rejects.toThrow(/cannot be used/);
  });

  test('running out of file descriptors blames the controller, not the key', () => {
    writeFileSync(join(dir, 'key'), 'hello\n');
    // A child with a low descriptor limit that uses them all up, then asks for the plan.
    const script = `
      const { openSync } = require('node:fs');
      const { buildAuthPlan, ControllerLimitError } = require(${JSON.stringify(join(__dirname, 'auth'))});
      const { buildConnectorConfig } = require(${JSON.stringify(join(__dirname, '..', 'config'))});
      const config = buildConnectorConfig('node1', { host: '127.0.0.1', private_key: ${JSON.stringify(join(dir, 'key'))} });
      try { for (;;) openSync('/dev/null', 'r'); } catch {}
      buildAuthPlan(config, 'root', '', undefined).then(
        () => console.log('no error'),
        (error) => console.log(error instanceof ControllerLimitError, error.message),
      );`;
    const out = execFileSync('sh', ['-c', 'ulimit -n 256 && exec "$0" -r ts-node/register/transpile-only -e "$1"', process.execPath, script], { encoding: 'utf8' });
    expect(out).toMatch(/^true cannot read .*key: the controller ran out of file descriptors \(EMFILE\)/);
  });
});
