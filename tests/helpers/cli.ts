import { PassThrough } from 'node:stream';
import { runCli } from '../../cli/main';

// jest-worker passes FORCE_COLOR=1 to its workers when jest runs on a terminal; kplay honours it
// (docs/cli.md), so tests that read plain output would see colours. Tests that want colour set it.
delete process.env.FORCE_COLOR;

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs kplay in-process with captured output (no TTY, so no colours or progress line). */
export async function runKplay(args: readonly string[], stdinText = '', options: { stdinIsTty?: boolean } = {}): Promise<CliRun> {
  const stdin = new PassThrough();
  // A stand-in terminal: what is typed arrives as stdinText.
  if (options.stdinIsTty === true) Object.assign(stdin, { isTTY: true });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  stdin.end(stdinText);
  const code = await runCli(args, { stdin, stdout, stderr });
  return { code, stdout: out, stderr: err };
}
