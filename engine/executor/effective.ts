import type { Condition, InheritedKeywords } from '../project/model';

/**
 * Keywords in force for an entry after inheritance (`docs/playbooks.md#inheritance`): conditions and tags
 * accumulate down the tree, everything else is taken from the nearest level that sets it.
 */
export interface Effective {
  readonly when: readonly Condition[];
  readonly tags: readonly string[];
  readonly ignoreErrors: boolean;
  readonly become?: boolean;
  readonly becomeUser?: string;
  readonly becomeMethod?: 'sudo' | 'su';
  readonly checkMode?: boolean;
  readonly diff?: boolean;
  readonly noLog: boolean;
  readonly anyErrorsFatal: boolean;
  readonly timeout?: number;
  readonly throttle?: number;
  readonly role?: string;
}

export const ROOT_EFFECTIVE: Effective = { when: [], tags: [], ignoreErrors: false, noLog: false, anyErrorsFatal: false };

export function inherit(parent: Effective, level: InheritedKeywords, role?: string): Effective {
  const when = [...parent.when];
  for (const c of level.when) if (!when.some((w) => w.template === c.template)) when.push(c);
  const tags = [...parent.tags];
  for (const t of level.tags) if (!tags.includes(t)) tags.push(t);
  return {
    when,
    tags,
    ignoreErrors: level.ignoreErrors ?? parent.ignoreErrors,
    become: level.become ?? parent.become,
    becomeUser: level.becomeUser ?? parent.becomeUser,
    becomeMethod: level.becomeMethod ?? parent.becomeMethod,
    checkMode: level.checkMode ?? parent.checkMode,
    diff: level.diff ?? parent.diff,
    noLog: level.noLog ?? parent.noLog,
    anyErrorsFatal: level.anyErrorsFatal ?? parent.anyErrorsFatal,
    timeout: level.timeout ?? parent.timeout,
    throttle: level.throttle ?? parent.throttle,
    role: role ?? parent.role,
  };
}
