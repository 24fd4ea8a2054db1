import type { GoValue } from '../core/values';
import { ConnectorConfigs } from './connector-configs';

describe('ConnectorConfigs', () => {
  const values = new Map<string, GoValue>();
  let reads = 0;
  const configs = new ConnectorConfigs((host) => {
    reads++;
    return values.get(host);
  });

  test('the settings are built again only when a value they were built from is another one', () => {
    values.set('web', Object.freeze({ type: 'ssh', host: '10.0.0.1', port: 2222 }));
    const first = configs.configFor('web');
    expect(first).toMatchObject({ type: 'ssh', host: '10.0.0.1', port: 2222 });
    expect(configs.configFor('web')).toBe(first);

    values.set('web', Object.freeze({ type: 'ssh', host: '10.0.0.2', port: 2222 }));
    const second = configs.configFor('web');
    expect(second).not.toBe(first);
    expect(second.host).toBe('10.0.0.2');
  });

  test('a proxy_jump naming an inventory host follows that host’s settings', () => {
    values.set('bastion', Object.freeze({ host: '10.0.0.9', user: 'jump' }));
    values.set('db', Object.freeze({ type: 'ssh', host: '10.0.1.1', proxy_jump: 'bastion' }));
    const first = configs.configFor('db');
    expect(first.proxyJump).toMatchObject({ host: '10.0.0.9', user: 'jump' });
    reads = 0;
    expect(configs.configFor('db')).toBe(first);
    expect(reads).toBe(2);

    values.set('bastion', Object.freeze({ host: '10.0.0.10', user: 'jump' }));
    expect(configs.configFor('db').proxyJump).toMatchObject({ host: '10.0.0.10' });
  });

  test('settings that do not build fail every time, and build once they are fixed', () => {
    values.set('bad', Object.freeze({ type: 'ssh', host: '10.0.2.1', port: 70000 }));
    expect(() => configs.configFor('bad')).toThrow();
    expect(() => configs.configFor('bad')).toThrow();
    values.set('bad', Object.freeze({ type: 'ssh', host: '10.0.2.1', port: 22 }));
    expect(configs.configFor('bad').port).toBe(22);
  });
});
