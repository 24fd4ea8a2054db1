/**
 * Watches a privilege-changing command's output until the privileged shell announces itself:
 * answers sudo's (marked) prompt with the password once, fails fast on a second prompt (wrong
 * password) and explains why sudo/su refused when it exits early.
 */
import { BecomePlan } from './command-line';

export type BecomeStep =
  | { readonly kind: 'send-password'; readonly password: string }
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'failed'; readonly message: string };

export interface BecomeFeedResult {
  /** Command output that follows the success token; pass it on. */
  readonly passthrough?: Buffer;
  readonly steps: readonly BecomeStep[];
}

const SU_PROMPT = /[Pp]assword: ?$/;

export class BecomeDriver {
  private succeeded = false;
  private finished = false;
  private stdoutSoFar = Buffer.alloc(0);
  private stderrSoFar = '';
  private promptsAnswered = 0;

  constructor(
    private readonly plan: BecomePlan,
    private readonly loginUser: string,
    private readonly hostName: string,
  ) {}

  get done(): boolean {
    return this.succeeded;
  }

  feedStdout(chunk: Buffer): BecomeFeedResult {
    if (this.succeeded) return { passthrough: chunk, steps: [] };
    if (this.finished) return { steps: [] };
    this.stdoutSoFar = Buffer.concat([this.stdoutSoFar, chunk]);
    const token = Buffer.from(`${this.plan.successToken}\n`);
    const at = this.stdoutSoFar.indexOf(token);
    if (at < 0) return this.checkSuPrompt(this.stdoutSoFar.toString('utf8'));
    this.succeeded = true;
    const rest = this.stdoutSoFar.subarray(at + token.length);
    this.stdoutSoFar = Buffer.alloc(0);
    return { passthrough: rest.length > 0 ? rest : undefined, steps: [{ kind: 'succeeded' }] };
  }

  feedStderr(chunk: Buffer): BecomeFeedResult {
    if (this.succeeded) return { passthrough: chunk, steps: [] };
    if (this.finished) return { steps: [] };
    this.stderrSoFar += chunk.toString('utf8');
    if (this.plan.options.method === 'su') return this.checkSuPrompt(this.stderrSoFar);
    const prompts = this.stderrSoFar.split(this.plan.promptMarker).length - 1;
    return this.onPrompts(prompts);
  }

  private checkSuPrompt(text: string): BecomeFeedResult {
    if (this.plan.options.method !== 'su' || !SU_PROMPT.test(text)) return { steps: [] };
    return this.onPrompts(this.promptsAnswered + 1);
  }

  private onPrompts(prompts: number): BecomeFeedResult {
    if (prompts <= this.promptsAnswered) return { steps: [] };
    const { method } = this.plan.options;
    if (this.promptsAnswered >= 1) return this.fail(`${method}: incorrect password for user ${this.passwordOwner()}`);
    const password = this.plan.options.password;
    if (password === undefined) {
      return this.fail(
        `${method}: a password is required for ${this.loginUser} to become ${this.targetUser()} on ${this.hostName} (no become password set)`,
      );
    }
    this.promptsAnswered = prompts;
    // su reads the prompt answer once; the next password-looking text must be a new prompt.
    if (method === 'su') this.stderrSoFar = '';
    return { steps: [{ kind: 'send-password', password }] };
  }

  /** Message for a privilege change that ended before the privileged shell started. */
  failureOnExit(rc: number | null): string {
    const text = this.stderrSoFar.split(this.plan.promptMarker).join('').trim();
    const { method } = this.plan.options;
    const target = this.targetUser();
    if (/not in the sudoers file/i.test(text)) {
      return `sudo: user ${this.loginUser} is not in the sudoers file on ${this.hostName}, cannot become ${target}`;
    }
    if (/is not allowed to (execute|run)/i.test(text)) {
      return `sudo: user ${this.loginUser} is not allowed to run commands as ${target} on ${this.hostName}`;
    }
    if (/incorrect password|Authentication failure/i.test(text)) {
      return `${method}: incorrect password for user ${this.passwordOwner()}`;
    }
    if (rc === 127 || /command not found|not found/i.test(text)) {
      return `${method} is not installed or not in PATH on ${this.hostName}: ${text}`;
    }
    return `become (${method}) to ${target} failed on ${this.hostName} (exit ${rc ?? 'unknown'}): ${text || 'no output'}`;
  }

  private fail(message: string): BecomeFeedResult {
    this.finished = true;
    return { steps: [{ kind: 'failed', message }] };
  }

  private targetUser(): string {
    return this.plan.options.user || 'root';
  }

  /** sudo asks for the caller's password, su for the target's. */
  private passwordOwner(): string {
    return this.plan.options.method === 'su' ? this.targetUser() : this.loginUser;
  }
}
