/** Starts a local child in its own process group so a timeout can kill everything it spawned. */
import { spawn } from 'node:child_process';
import { ProcessEvents, StartedProcess } from '../supervise';

export function spawnProcess(argv: readonly string[], events: ProcessEvents): StartedProcess {
  const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let exited = false;
  child.stdout.on('data', (chunk: Buffer) => events.onStdout(chunk));
  child.stderr.on('data', (chunk: Buffer) => events.onStderr(chunk));
  child.on('error', (error: NodeJS.ErrnoException) => {
    if (exited) return;
    exited = true;
    events.onStderr(Buffer.from(`${argv[0]}: ${error.message}\n`));
    events.onExit(error.code === 'ENOENT' ? 127 : 126);
  });
  // 'close' (not 'exit') so every byte of output has been delivered first.
  child.on('close', (code, signal) => {
    if (exited) return;
    exited = true;
    events.onExit(code, signal ?? undefined);
  });
  return {
    stdin: child.stdin,
    kill() {
      if (child.pid === undefined || exited) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    },
  };
}
