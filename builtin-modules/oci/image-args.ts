/**
 * Arguments of the `image` module: the current form (`manifests`, `src`, `dest`, `platform`,
 * `policy`, `pattern`, `auths`) and the deprecated `pull` / `push` / `copy` forms, which are
 * rewritten into the current one as KubeKey does.
 */
import { isAbsolute } from 'node:path';
import { argMap, didYouMean, type GoMap, type GoValue, isMap, listFromText, ModuleArgumentError, type ModuleContext, moduleSchema, optionalString, validatedArgs } from '../../engine/modules/module-api';
import type { ImageArguments } from '../arguments';
import type { PlatformPolicy } from './copy-image';

export interface RegistryAuth {
  readonly registry: string;
  readonly username?: string;
  readonly password?: string;
  readonly skipTlsVerify?: boolean;
  readonly plainHttp?: boolean;
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

export interface ImageArgs {
  /** undefined: not given (a local source then lists its store); [] → skip. */
  readonly manifests?: readonly string[];
  /** Unrendered: rendered per image with `.module.image.reference.*`. */
  readonly src: string;
  readonly dest: string;
  /** Empty = every platform. */
  readonly platforms: readonly string[];
  readonly policy: PlatformPolicy;
  readonly pattern?: RegExp;
  readonly auths: readonly RegistryAuth[];
  /** Legacy top-level `skip_tls_verify`: applies to registries without their own setting. */
  readonly defaultSkipTlsVerify: boolean;
}

const PULL_SRC = 'oci://{{ .module.image.reference.registry }}/{{ .module.image.reference.repository }}:{{ .module.image.reference.reference }}';

function rawString(args: GoMap, key: string, required: boolean): string {
  const value = args[key];
  if (value === undefined || value === null || value === '') {
    if (required) throw new ModuleArgumentError(`"${key}" is required`);
    return '';
  }
  if (typeof value !== 'string') throw new ModuleArgumentError(`"${key}" must be a string`);
  return value;
}

function subMap(value: GoValue | undefined, key: string): GoMap {
  if (value === undefined || value === null) return {};
  if (!isMap(value)) throw new ModuleArgumentError(`"${key}" must be a mapping`);
  return value;
}

function readPattern(text: string | undefined, key: string): RegExp | undefined {
  if (text === undefined || text === '') return undefined;
  try {
    return new RegExp(text);
  } catch (error) {
    throw new ModuleArgumentError(`"${key}" should be a valid regular expression: ${(error as Error).message}`);
  }
}

function readPlatforms(value: readonly string[] | string | undefined): string[] {
  const cleaned = (listFromText(value) ?? []).map((p) => p.trim()).filter((p) => p !== '');
  if (cleaned.includes('all')) return [];
  for (const p of cleaned) {
    if (!/^[^/\s]+\/[^/\s]+(\/[^/\s]+)?$/.test(p)) throw new ModuleArgumentError(`"platform" entries look like linux/amd64, got "${p}"`);
  }
  // Variants are ignored when matching (spec): linux/arm64/v8 selects linux/arm64.
  return [...new Set(cleaned.map((p) => p.split('/').slice(0, 2).join('/')))];
}

type AuthArgument = Exclude<ImageArguments['auths'], string | undefined>[number];

/** One `auths` entry, already rendered (a YAML list) or decoded (a string rendering to JSON). */
function readAuthEntry(entry: unknown, index: number): RegistryAuth {
  if (!isMap(entry)) throw new ModuleArgumentError(`image.auths[${index}]: must be a mapping`);
  const known = ['registry', 'username', 'password', 'skip_tls_verify', 'plain_http', 'ca_file', 'cert_file', 'key_file'];
  const given = entry as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) throw new ModuleArgumentError(`image.auths[${index}]: unknown argument "${key}"${didYouMean(key, known)}`);
  }
  const text = (key: keyof AuthArgument): string | undefined => {
    const v = given[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') throw new ModuleArgumentError(`image.auths[${index}].${key}: must be a string`);
    return v;
  };
  const flag = (key: keyof AuthArgument): boolean | undefined => {
    const v = given[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw new ModuleArgumentError(`image.auths[${index}].${key}: must be a boolean`);
    return v;
  };
  const registry = text('registry');
  if (registry === undefined) throw new ModuleArgumentError(`image.auths[${index}]: missing required argument "registry"`);
  const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value !== undefined ? ({ [key]: value } as { [P in K]: V }) : {});
  return {
    registry: registry.split('/')[0],
    ...optional('username', text('username')),
    ...optional('password', text('password')),
    ...optional('skipTlsVerify', flag('skip_tls_verify')),
    ...optional('plainHttp', flag('plain_http')),
    ...optional('caFile', text('ca_file')),
    ...optional('certFile', text('cert_file')),
    ...optional('keyFile', text('key_file')),
  };
}

function readAuths(value: ImageArguments['auths']): RegistryAuth[] {
  if (value === undefined || value === '') return [];
  let list: unknown = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return [];
    try {
      list = JSON.parse(value);
    } catch {
      throw new ModuleArgumentError('"auths" must be a list, or a string rendering to a JSON list');
    }
  }
  if (!Array.isArray(list)) throw new ModuleArgumentError('"auths" must be a list of {registry, username, password, …}');
  return list.map((entry, i) => readAuthEntry(entry, i));
}

function localDir(text: string, key: string): string {
  if (!isAbsolute(text)) throw new ModuleArgumentError(`"${key}" must be an absolute path (e.g. /var/lib/kubekey/images), got "${text}"`);
  return text;
}

/** The deprecated forms, rewritten into the current one (and their top-level skip_tls_verify). */
function legacyArgs(ctx: ModuleContext, args: GoMap): { form: GoMap; skipTlsVerify?: GoValue } | undefined {
  const present = (entries: Record<string, GoValue | undefined>): GoMap =>
    Object.fromEntries(Object.entries(entries).filter((e): e is [string, GoValue] => e[1] !== undefined && e[1] !== null));
  if (args.pull !== undefined) {
    const pull = subMap(args.pull, 'pull');
    const dir = localDir(optionalString(ctx, pull, 'images_dir') ?? '', 'pull.images_dir');
    return {
      form: present({ manifests: pull.manifests ?? [], platform: pull.platform, auths: pull.auths, src: PULL_SRC, dest: `local://${dir}` }),
      skipTlsVerify: pull.skip_tls_verify,
    };
  }
  if (args.push !== undefined) {
    const push = subMap(args.push, 'push');
    const dir = localDir(optionalString(ctx, push, 'images_dir') ?? '', 'push.images_dir');
    // KubeKey sets no manifests here, so its push always ends in `skip`; kplay keeps that.
    return {
      form: present({ manifests: [], auths: push.auths, pattern: push.src_pattern, src: `local://${dir}`, dest: `oci://${rawString(push, 'dest', true)}` }),
      skipTlsVerify: push.skip_tls_verify,
    };
  }
  if (args.copy !== undefined) {
    const copy = subMap(args.copy, 'copy');
    const from = subMap(copy.from, 'copy.from');
    const to = subMap(copy.to, 'copy.to');
    const fromDir = localDir(optionalString(ctx, from, 'path') ?? '', 'copy.from.path');
    const toDir = localDir(optionalString(ctx, to, 'path') ?? '', 'copy.to.path');
    return { form: present({ manifests: from.manifests ?? [], platform: copy.platform, pattern: to.src_pattern, src: `local://${fromDir}`, dest: `local://${toDir}` }) };
  }
  return undefined;
}

export const IMAGE_ARGUMENTS = moduleSchema('image');

/**
 * The deprecated forms are rewritten into the current one first; that form is then rendered and
 * checked against schemas/modules/image.json, except `src`/`dest`, which are rendered per image.
 */
export function readImageArgs(ctx: ModuleContext): ImageArgs {
  const given = argMap(ctx);
  const legacy = legacyArgs(ctx, given);
  if (legacy !== undefined && (given.src !== undefined || given.dest !== undefined || given.manifests !== undefined)) {
    throw new ModuleArgumentError('the deprecated pull/push/copy forms cannot be mixed with src/dest/manifests');
  }
  const args = validatedArgs<ImageArguments>(ctx, IMAGE_ARGUMENTS, { raw: ['src', 'dest'], ...(legacy !== undefined ? { args: legacy.form } : {}) });
  for (const key of ['src', 'dest'] as const) {
    if (args[key] === undefined || args[key] === '') throw new ModuleArgumentError(`image: missing required argument "${key}"`);
  }
  const manifests = args.manifests === undefined ? undefined : (listFromText(args.manifests) ?? []).map((m) => m.trim()).filter((m) => m !== '');
  const pattern = readPattern(args.pattern, 'pattern');
  const skip = legacy?.skipTlsVerify;
  return {
    ...(manifests !== undefined ? { manifests } : {}),
    src: args.src ?? '',
    dest: args.dest ?? '',
    platforms: readPlatforms(args.platform),
    policy: args.policy,
    ...(pattern ? { pattern } : {}),
    auths: readAuths(args.auths),
    defaultSkipTlsVerify: skip === true || (typeof skip === 'string' && ['true', 'yes'].includes(ctx.render(skip).trim().toLowerCase())),
  };
}
