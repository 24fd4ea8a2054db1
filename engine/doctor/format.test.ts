import { parseDfAvailableKiB } from './check-host';
import { formatJson, formatTable, summarize } from './format';
import { HostDiagnosis, fail, pass, skip } from './types';

const good: HostDiagnosis = {
  host: 'node1',
  address: 'root@10.0.0.1:22',
  connector: 'ssh',
  checks: { connect: pass('3 ms'), hostKey: pass('known'), auth: pass('as root'), shell: pass('1.2 ms'), sudo: skip('root'), tmp: pass('20 GiB') },
  unreachable: false,
};
const lowTmp: HostDiagnosis = {
  ...good,
  host: 'db-primary',
  checks: { ...good.checks, tmp: fail('12 MiB', '/tmp on 10.0.0.2 has 12 MiB free, less than 1024 MiB', 'free space in /tmp on 10.0.0.2 (12 MiB free, 1024 MiB wanted)') },
};
const down: HostDiagnosis = {
  ...good,
  host: 'node3',
  checks: { connect: fail('refused', 'connection refused by 10.0.0.3:22', 'start sshd on 10.0.0.3'), hostKey: skip(), auth: skip(), shell: skip(), sudo: skip(), tmp: skip() },
  unreachable: true,
};

describe('doctor output', () => {
  test('columns line up, fixes and messages are listed, the summary counts hosts', () => {
    const text = formatTable([good, lowTmp, down]);
    const lines = text.split('\n');
    const fixAt = lines[0].indexOf('FIX');
    expect(lines.slice(1, 4).map((line) => line.lastIndexOf('  ') + 2)).toEqual([fixAt, fixAt, fixAt]);
    expect(lines[1]).toMatch(/^node1 +root@10\.0\.0\.1:22 +✓ 3 ms +✓ known +✓ as root +✓ 1\.2 ms +- root +✓ 20 GiB +-$/);
    expect(lines[3]).toMatch(/✗ refused +- +- +- +- +- +start sshd on 10\.0\.0\.3$/);
    expect(text).toContain('Problems:\n  db-primary /tmp: /tmp on 10.0.0.2 has 12 MiB free');
    expect(text).toContain('  node3 connect: connection refused by 10.0.0.3:22\n');
    expect(text.endsWith('3 hosts: 1 ok, 1 unreachable, 1 with failed checks\n')).toBe(true);
    expect(summarize([good])).toEqual({ hosts: 1, ok: 1, unreachable: 0, failed: 0 });
  });

  test('json lists the fixes of each host', () => {
    const parsed = JSON.parse(formatJson([lowTmp])) as { hosts: { fixes: string[] }[]; summary: { failed: number } };
    expect(parsed.hosts[0].fixes).toEqual(['free space in /tmp on 10.0.0.2 (12 MiB free, 1024 MiB wanted)']);
    expect(parsed.summary.failed).toBe(1);
  });

  test('df -Pk parsing', () => {
    const output = 'Filesystem     1024-blocks     Used Available Capacity Mounted on\n/dev/vda 264212084 23908204 82482708 23% /\n';
    expect(parseDfAvailableKiB(output)).toBe(82482708);
    expect(parseDfAvailableKiB('Filesystem 1024-blocks Used Available Capacity Mounted on\n')).toBeUndefined();
    expect(parseDfAvailableKiB('df: /tmp: No such file or directory\n')).toBeUndefined();
  });
});
