/**
 * Hosts that allow few channels per connection (sshd's MaxSessions, lowered by some hardening
 * guides): commands and file transfers still all succeed, in both session modes, because the
 * connector gives up idle channels of its own (a shell session, the SFTP channel) to make room.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SshConnector } from '../../../engine/connectors/ssh/ssh-connector';
import { SshdHarness, startSshd } from '../../harness/sshd';
import { describeWithSshd, testSshConnector } from '../../harness/ssh-connectors';

for (const maxSessions of [1, 2]) {
  describeWithSshd(`a host with MaxSessions ${maxSessions}`, () => {
    let sshd: SshdHarness;
    let scratch: string;

    beforeAll(async () => {
      sshd = await startSshd({ hosts: 1, maxSessions });
      scratch = mkdtempSync(join(tmpdir(), 'kplay-max-sessions-'));
    });
    afterAll(async () => {
      await sshd?.stop();
      rmSync(scratch, { recursive: true, force: true });
    });

    for (const session of ['persistent', 'exec']) {
      test(`connector.session ${session}: parallel commands, then transfers and commands mixed`, async () => {
        const connector: SshConnector = testSshConnector(sshd, 0, { session });
        try {
          const parallel = await Promise.all(Array.from({ length: 4 }, (_, i) => connector.exec(`sleep 0.2; echo ${i}`)));
          expect(parallel.map((result) => result.stdout)).toEqual(['0\n', '1\n', '2\n', '3\n']);

          const file = join(scratch, `${session}.txt`);
          await connector.put(`written by ${session}\n`, file);
          expect((await connector.exec(`cat ${file}`)).stdout).toBe(`written by ${session}\n`);

          const mixed = await Promise.all([
            connector.exec('echo a'),
            connector.put('second\n', `${file}.2`),
            connector.stat(file),
            connector.exec('echo b'),
            connector.get(file),
          ]);
          expect(mixed[0].stdout).toBe('a\n');
          expect(mixed[2]).toMatchObject({ exists: true, size: `written by ${session}\n`.length });
          expect(mixed[3].stdout).toBe('b\n');
          expect(mixed[4].toString()).toBe(`written by ${session}\n`);
          expect(readFileSync(`${file}.2`, 'utf8')).toBe('second\n');
        } finally {
          await connector.close();
        }
      });
    }
  });
}
