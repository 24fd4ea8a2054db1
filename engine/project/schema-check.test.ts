import { GoFloat } from '../core/values';
import { closestMatch, levenshtein } from '../core/did-you-mean';
import { createSchemaChecker, readModuleSchemas } from './schema-check';

const checker = createSchemaChecker(readModuleSchemas());
const messages = (module: string, args: unknown) => checker.check(module, args as never).map((p) => `${p.path.join('.')}|${p.message}`);

describe('module argument schemas', () => {
  it('accepts the typed forms and template strings', () => {
    expect(messages('command', 'echo hi')).toEqual([]);
    expect(messages('shell', { cmd: 'ls', chdir: '/tmp' })).toEqual([]);
    expect(messages('copy', { dest: '/x', mode: 493 })).toEqual([]);
    expect(messages('copy', { dest: '/x', mode: '{{ .m }}' })).toEqual([]);
    expect(messages('gen_cert', { cn: 'a', out_key: 'k', out_cert: 'c', policy: '{{ .p }}', is_ca: true })).toEqual([]);
    expect(messages('setup', null)).toEqual([]);
    expect(messages('include_vars', 'x86_64.yaml')).toEqual([]);
    expect(messages('debug', { msg: { any: ['thing'] } })).toEqual([]);
    expect(messages('set_fact', { a: new GoFloat(1.5) })).toEqual([]);
    // Documented arguments and defaults (docs/modules.md) are what the schemas accept.
    expect(messages('gen_cert', { cn: 'a', out_key: 'k', out_cert: 'c' })).toEqual([]);
    expect(messages('copy', { content: 'x', dest: '/x', owner: 'root', group: 0, backup: true })).toEqual([]);
    expect(messages('template', { src: 'a', dest: '/x', owner: 1000, group: 'adm', backup: '{{ .keep }}' })).toEqual([]);
    expect(messages('shell', { cmd: 'cat', stdin: 'hello' })).toEqual([]);
    expect(messages('include_vars', { file: 'x.yml' })).toEqual([]);
    expect(messages('http_get_file', { url: 'u', dest: 'd', timeout: 30 })).toEqual([]);
  });

  it('reports problems with paths', () => {
    expect(messages('command', { chdir: '/tmp' })).toEqual(['|command: missing required argument "cmd"']);
    expect(messages('command', 3)).toEqual(['|command: must be a string or a mapping']);
    expect(messages('gen_cert', { cn: 'a', out_key: 'k', out_cert: 'c', policy: 'Sometimes' })).toEqual(['policy|gen_cert.policy: must be one of "Always", "IfNotPresent", "None"']);
    expect(messages('template', { src: 'a', dset: 'b' })).toEqual([
      '|template: missing required argument "dest"',
      'dset|template: unknown argument "dset" (did you mean "dest"?)',
    ]);
    expect(messages('include_vars', 'vars.json')).toEqual(['|include_vars: must be a .yaml or .yml file path']);
    expect(messages('fetch', { src: 1, dest: 'x' })).toEqual(['src|fetch.src: must be a string']);
    expect(messages('copy', { content: 'x', dest: '/x', backup: 'yes please' })).toEqual(['backup|copy.backup: must be a boolean']);
  });
});

describe('did you mean', () => {
  it('counts swaps as one edit and ignores far words', () => {
    expect(levenshtein('mdoe', 'mode')).toBe(1);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(closestMatch('gather_fact', ['gather_facts', 'hosts'])).toBe('gather_facts');
    expect(closestMatch('xyz', ['gather_facts', 'hosts'])).toBeUndefined();
  });
});

describe('required texts', () => {
  it('an empty literal is reported as empty', () => {
    expect(messages('fetch', { src: '', dest: '/x' })).toEqual(['src|fetch.src: must not be empty']);
    expect(messages('shell', { cmd: '' })).toEqual(['cmd|shell.cmd: must not be empty']);
  });
});
