/**
 * Asks for a password on the terminal without echoing it (-k, -K): raw mode, so the terminal
 * shows nothing of what is typed; the answer lives only in memory and goes to the connectors.
 */
import { ExitCode, KplayError } from '../engine';

interface TtyInput extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** Ctrl-C at the prompt: the command stops as an interrupted run does. */
export class PromptInterrupted extends Error {
  readonly exitCode = ExitCode.interrupted;
}

export function canAskSecret(stdin: NodeJS.ReadableStream | undefined): boolean {
  const tty: TtyInput | undefined = stdin;
  return tty?.isTTY === true && typeof tty.setRawMode === 'function';
}

export function askSecret(stdin: NodeJS.ReadableStream, stderr: NodeJS.WritableStream, prompt: string): Promise<string> {
  const tty = stdin as TtyInput;
  if (!canAskSecret(stdin)) throw new KplayError('KP-CLI-001', 'no terminal to ask for the password on');
  // Raw (no echo) before the prompt shows: whatever is typed once it is visible stays hidden.
  tty.setRawMode?.(true);
  stderr.write(prompt);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let answer = '';
    const finish = (error?: Error): void => {
      stdin.off('data', onData);
      tty.setRawMode?.(false);
      stdin.pause();
      stderr.write('\n');
      if (error !== undefined) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new PromptInterrupted('interrupted at the password prompt'));
        if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
        else if (ch === '\u0015') answer = '';
        else if (ch >= ' ') answer += ch;
      }
    };
    stdin.on('data', onData);
  });
}
