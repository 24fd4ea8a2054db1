/** Atomic upload and streaming download over one SFTP session. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SFTPWrapper } from 'ssh2';
import { tempPathBeside } from '../file-scripts';

function sftpCall(run: (done: (error?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => run((error) => (error ? reject(error) : resolve())));
}

export function describeSftpError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message;
}

/**
 * Uploads into `.<name>.kplay-tmp-<random>` beside `dest`, sets the mode, lets `beforeRename`
 * adjust ownership, then renames with OpenSSH's POSIX rename (replaces an existing file).
 */
export async function uploadAtomically(
  sftp: SFTPWrapper,
  source: Readable,
  dest: string,
  mode: number,
  beforeRename: (tempPath: string) => Promise<void>,
): Promise<void> {
  const temp = tempPathBeside(dest);
  try {
    await pipeline(source, sftp.createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
    await sftpCall((done) => sftp.chmod(temp, mode, done));
    await beforeRename(temp);
    await sftpCall((done) => sftp.ext_openssh_rename(temp, dest, done));
  } catch (error) {
    await sftpCall((done) => sftp.unlink(temp, done)).catch(() => undefined);
    throw error;
  }
}

export function readWhole(sftp: SFTPWrapper, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => sftp.readFile(path, (error, data) => (error ? reject(error) : resolve(data))));
}
