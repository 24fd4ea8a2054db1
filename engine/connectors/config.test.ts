import { buildConnectorConfig, parseDurationMs, parseJumpSpec } from './config';
import { selectConnectorKind } from './select';

describe('buildConnectorConfig', () => {
  test('defaults: inventory name as host, port 22, accept-new, 10 s connect timeout', () => {
    expect(buildConnectorConfig('node1', undefined)).toEqual({
      type: undefined,
      host: 'node1',
      port: 22,
      user: undefined,
      password: undefined,
      privateKey: undefined,
      privateKeyContent: undefined,
      connectTimeoutMs: 10_000,
      keepaliveIntervalMs: undefined,
      commandTimeoutMs: undefined,
      hostKeyChecking: 'accept-new',
      proxyJump: undefined,
      settings: {},
    });
  });

  test('non-string values count as absent; port accepts base-10 strings', () => {
    const config = buildConnectorConfig('n', { host: '10.0.0.5', port: '2222', user: 7, password: 123456 });
    expect(config).toMatchObject({ host: '10.0.0.5', port: 2222, user: undefined, password: undefined });
    expect(() => buildConnectorConfig('n', { port: 70000 })).toThrow('out of range');
  });

  test('session: persistent or exec, absent by default, anything else refused', () => {
    expect(buildConnectorConfig('n', { session: 'persistent' }).session).toBe('persistent');
    expect(buildConnectorConfig('n', { session: 'exec' }).session).toBe('exec');
    expect(buildConnectorConfig('n', {}).session).toBeUndefined();
    expect(() => buildConnectorConfig('n', { session: 'pty' })).toThrow('connector.session must be persistent or exec');
  });

  test('durations and host key checking values', () => {
    expect(parseDurationMs('1m30s', 'x')).toBe(90_000);
    expect(parseDurationMs(5, 'x')).toBe(5000);
    expect(parseDurationMs('250ms', 'x')).toBe(250);
    expect(() => parseDurationMs('soon', 'x')).toThrow('not a duration');
    expect(buildConnectorConfig('n', { host_key_checking: 'strict' }).hostKeyChecking).toBe('strict');
    expect(() => buildConnectorConfig('n', { host_key_checking: 'maybe' })).toThrow('host_key_checking');
  });

  test('proxy_jump: inventory host, user@host:port spec (inheriting the key), loops rejected', () => {
    const inventory: Record<string, unknown> = { bastion: { host: '10.0.0.1', user: 'ops', port: 2200 } };
    const viaInventory = buildConnectorConfig('n', { proxy_jump: 'bastion' }, { resolveHost: (name) => inventory[name] });
    expect(viaInventory.proxyJump).toMatchObject({ type: 'ssh', host: '10.0.0.1', user: 'ops', port: 2200 });
    const viaSpec = buildConnectorConfig('n', { proxy_jump: 'jump@1.2.3.4:2022', private_key: '/k' });
    expect(viaSpec.proxyJump).toMatchObject({ host: '1.2.3.4', port: 2022, user: 'jump', privateKey: '/k' });
    expect(parseJumpSpec('[::1]:22')).toEqual({ user: undefined, host: '::1', port: 22 });
    const loop: Record<string, unknown> = { a: { proxy_jump: 'b' }, b: { proxy_jump: 'a' } };
    expect(() => buildConnectorConfig('a', loop.a, { resolveHost: (name) => loop[name] })).toThrow('loops back');
  });
});

describe('selectConnectorKind', () => {
  const controller = { hostname: 'ctl', addresses: new Set(['127.0.0.1', '192.168.1.10']) };
  test.each([
    ['localhost', {}, 'local'],
    ['ctl', {}, 'local'],
    ['n1', { host: '192.168.1.10' }, 'local'],
    ['n1', { host: '127.0.0.2' }, 'ssh'],
    ['localhost', { type: 'ssh' }, 'ssh'],
    ['n1', { type: 'local' }, 'local'],
    ['n1', { type: 'bogus' }, 'ssh'],
  ])('%s %j → %s', (name, connector, expected) => {
    expect(selectConnectorKind(name, buildConnectorConfig(name, connector), controller)).toBe(expected);
  });
  test('a type a program registered is chosen like the dialect\'s own', () => {
    expect(selectConnectorKind('n1', buildConnectorConfig('n1', { type: 'bogus' }), controller, new Set(['bogus']))).toBe('bogus');
  });
});
