import { globMatches, isStartTask } from './start-at';
import type { TaskNode } from '../project/model';

// Each case's expectation is what Python's fnmatch.fnmatchcase (Ansible's matcher) answers.
const FNMATCH: readonly (readonly [string, string, boolean])[] = [
  ['Install x', 'Install *', true],
  ['Install', 'Install *', false],
  ['app : app two', 'app : app t?o', true],
  ['a]', '[]a]]', true],
  ['b', '[!a]', true],
  ['a', '[!a]', false],
  ['^', '[^]', true],
  ['x[', 'x[', true],
  ['x[y', 'x[y', true],
  ['a-b', 'a[-]b', true],
  ['ab', '[a-c]b', true],
  ['db', '[a-c]b', false],
  ['a.b', 'a.b', true],
  ['axb', 'a.b', false],
  ['(x)', '(x)', true],
  ['a\\b', 'a\\b', true],
  ['a/b', 'a/*', true],
  ['ETCD | x', 'ETCD | *', true],
  ['é', '?', true],
];

test.each(FNMATCH)('%j against %j: %j, as fnmatch', (name, pattern, expected) => {
  expect(globMatches(name, pattern)).toBe(expected);
});

test('a task answers to its name, `role : name` and, for a nested role, `last part : name`', () => {
  const task = { kind: 'task', name: 'Check the kernel', role: 'precheck/os' } as TaskNode;
  for (const name of ['Check the kernel', 'precheck/os : Check the kernel', 'os : Check the kernel', 'precheck/os : Check *', 'Check*']) {
    expect({ name, matches: isStartTask(task, name) }).toEqual({ name, matches: true });
  }
  for (const name of ['check the kernel', 'precheck : Check the kernel', 'other : Check the kernel', 'Check']) {
    expect({ name, matches: isStartTask(task, name) }).toEqual({ name, matches: false });
  }
  expect(isStartTask({ kind: 'task', name: 'plain' } as TaskNode, 'plain')).toBe(true);
});
