/** uid/gid ↔ name lookups on the controller (node has no getpwnam), from /etc/passwd and /etc/group. */
import { readFileSync } from 'node:fs';

interface Entry {
  readonly name: string;
  readonly id: number;
}

function readDb(path: string): Entry[] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .map((line) => line.split(':'))
      .filter((fields) => fields.length >= 3 && /^\d+$/.test(fields[2]))
      .map((fields) => ({ name: fields[0], id: Number(fields[2]) }));
  } catch {
    return [];
  }
}

export function userName(uid: number): string | undefined {
  return readDb('/etc/passwd').find((entry) => entry.id === uid)?.name;
}

export function groupName(gid: number): string | undefined {
  return readDb('/etc/group').find((entry) => entry.id === gid)?.name;
}

/** Accepts a name or a numeric id. */
export function resolveUid(user: string): number {
  if (/^\d+$/.test(user)) return Number(user);
  const entry = readDb('/etc/passwd').find((candidate) => candidate.name === user);
  if (!entry) throw new Error(`unknown user ${user}`);
  return entry.id;
}

export function resolveGid(group: string): number {
  if (/^\d+$/.test(group)) return Number(group);
  const entry = readDb('/etc/group').find((candidate) => candidate.name === group);
  if (!entry) throw new Error(`unknown group ${group}`);
  return entry.id;
}
