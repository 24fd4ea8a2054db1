/**
 * Module arguments come from the schemas: every builtin declares schemas/modules/<name>.json, the
 * argument types in arguments.ts are what the generator makes of those schemas (so they cannot
 * drift), and at run time templates are rendered into the declared types and checked again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatedArgs } from '../engine/modules/args';
import { generateArgumentTypes } from '../engine/modules/schema-types';
import { ModuleArgumentError } from '../engine/modules/types';
import { readModuleSchemas } from '../engine/project/schema-check';
import { testContext } from '../tests/integration/modules/module-context';
import { builtinModules } from '.';
import type { CopyArguments, GenCertArguments, HttpGetFileArguments } from './arguments';

const schemas = readModuleSchemas();
const definition = (name: string) => {
  const found = builtinModules.find((m) => m.name === name);
  if (found?.arguments === undefined) throw new Error(`${name} declares no argument schema`);
  return found.arguments;
};

test('every builtin module declares its schema file', () => {
  for (const module of builtinModules) {
    expect({ name: module.name, schema: module.arguments?.schema }).toEqual({ name: module.name, schema: schemas[module.name] });
    // An alias takes the same arguments: its schema differs only in naming.
    const naming = (schema: Record<string, unknown> | undefined) =>
      Object.fromEntries(Object.entries(schema ?? {}).filter(([key]) => !['$id', 'title', 'description'].includes(key)));
    for (const alias of module.aliases ?? []) {
      expect({ alias, schema: naming(schemas[alias]) }).toEqual({ alias, schema: naming(schemas[module.name]) });
    }
  }
});

test('arguments.ts is generated from the schemas (npm run gen:arguments)', () => {
  expect(readFileSync(join(__dirname, 'arguments.ts'), 'utf8')).toBe(generateArgumentTypes(schemas));
});

describe('validatedArgs', () => {
  const vars = { keep: 'yes', port: 8443, mode: '0640', who: 'nobody', list: ['a.local', '10.0.0.1'] };

  test('renders templates into the declared types; text stays text', () => {
    const ctx = testContext({
      vars,
      args: { content: 'port {{ .port }}', dest: '/etc/{{ .who }}.conf', mode: '{{ .mode }}', owner: '{{ .who }}', backup: '{{ .keep }}' },
    });
    expect(validatedArgs<CopyArguments>(ctx, definition('copy'))).toEqual({
      content: 'port 8443',
      dest: '/etc/nobody.conf',
      mode: '0640',
      owner: 'nobody',
      backup: true,
    });
  });

  test('numbers and lists from templates where the schema wants them; defaults from the schema', () => {
    const ctx = testContext({ vars, args: { url: 'h/x', dest: '/d', retries: '{{ .port }}', force: '{{ eq .port 8443 }}', headers: { x: '{{ .who }}' } } });
    expect(validatedArgs<HttpGetFileArguments>(ctx, definition('http_get_file'))).toEqual({
      url: 'h/x',
      dest: '/d',
      retries: '8443',
      force: true,
      headers: { x: 'nobody' },
      // absent arguments get the schema defaults
      max_redirects: 10,
      mode: 0o644,
      retry_delay: '1s',
      timeout: '10s',
    });
    const cert = testContext({ vars, args: { cn: 'c', out_key: 'k', out_cert: 'c', sans: '{{ .list | toJson }}', policy: '{{ "Always" }}' } });
    expect(validatedArgs<GenCertArguments>(cert, definition('gen_cert'))).toMatchObject({ sans: '["a.local","10.0.0.1"]', policy: 'Always' });
  });

  test('a rendered value of the wrong type is an argument error naming the argument', () => {
    const bad = (args: Record<string, string>, module = 'copy') => {
      try {
        validatedArgs(testContext({ vars, args }), definition(module));
      } catch (error) {
        expect(error).toBeInstanceOf(ModuleArgumentError);
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(bad({ content: 'x', dest: '/x', backup: '{{ .who }}' })).toBe('copy.backup: must be a boolean');
    expect(bad({ cn: 'c', out_key: 'k', out_cert: 'c', policy: '{{ .who }}' }, 'gen_cert')).toBe(
      'gen_cert.policy: must be one of "Always", "IfNotPresent", "None"',
    );
    expect(bad({ content: 'x', dset: '/x' })).toBe('copy: missing required argument "dest"; copy: unknown argument "dset" (did you mean "dest"?)');
  });
});
