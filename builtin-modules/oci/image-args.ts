/**
 * Arguments of the `image` module: the current form (`manifests`, `src`, `dest`, `platform`,
 * `policy`, `pattern`, `auths`) and the deprecated `pull` / `push` / `copy` forms, which are
 * rewritten into the current one as KubeKey does.
 */
import { isAbsolute } from 'node:path';
import { argMap, moduleSchema, optionalBool, optionalString, optionalStringList, validatedArgs } from '../../engine/modules/args';
import type { ImageArguments } from '../arguments';
import { ModuleArgumentError, type ModuleContext } from '../../engine/modules/types';
import { type GoMap, type GoValue, isList, isMap } from '../../engine/core/values';
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

function readPlatforms(ctx: ModuleContext, args: GoMap): string[] {
  const list = optionalStringList(ctx, args, 'platform') ?? [];
  const cleaned = list.map((p) => p.trim()).filter((p) => p !== '');
  if (cleaned.includes('all')) return [];
  for (const p of cleaned) {
    if (!/^[^/\s]+\/[^/\s]+(\/[^/\s]+)?$/.test(p)) throw new ModuleArgumentError(`"platform" entries look like linux/amd64, got "${p}"`);
  }
  // Variants are ignored when matching (spec): linux/arm64/v8 selects linux/arm64.
  return [...new Set(cleaned.map((p) => p.split('/').slice(0, 2).join('/')))];
}

function readAuthEntry(ctx: ModuleContext, entry: GoValue, index: number): RegistryAuth {
  if (!isMap(entry)) throw new ModuleArgumentError(`"auths[${index}]" must be a mapping`);
  const known = new Set(['registry', 'username', 'password', 'skip_tls_verify', 'plain_http', 'ca_file', 'cert_file', 'key_file']);
  for (const key of Object.keys(entry)) {
    if (!known.has(key)) throw new ModuleArgumentError(`"auths[${index}]": unknown key "${key}" (known: ${[...known].join(', ')})`);
  }
  const registry = optionalString(ctx, entry, 'registry') ?? '';
  if (registry === '') throw new ModuleArgumentError(`"auths[${index}].registry" is required`);
  const text = (key: string): Record<string, string> => {
    const v = optionalString(ctx, entry, key);
    return v !== undefined && v !== '' ? { [key]: v } : {};
  };
  const flag = (key: string): boolean | undefined => optionalBool(ctx, entry, key);
  const skip = flag('skip_tls_verify');
  const plain = flag('plain_http');
  const t = { ...text('username'), ...text('password'), ...text('ca_file'), ...text('cert_file'), ...text('key_file') };
  return {
    registry: registry.split('/')[0],
    ...(t.username !== undefined ? { username: t.username } : {}),
    ...(t.password !== undefined ? { password: t.password } : {}),
    ...(skip !== undefined ? { skipTlsVerify: skip } : {}),
    ...(plain !== undefined ? { plainHttp: plain } : {}),
    ...(t.ca_file !== undefined ? { caFile: t.ca_file } : {}),
    ...(t.cert_file !== undefined ? { certFile: t.cert_file } : {}),
    ...(t.key_file !== undefined ? { keyFile: t.key_file } : {}),
  };
}

function readAuths(ctx: ModuleContext, args: GoMap): RegistryAuth[] {
  const raw = args.auths;
  if (raw === undefined || raw === null || raw === '') return [];
  let list: GoValue = raw;
  if (typeof raw === 'string') {
    const text = ctx.render(raw).trim();
    if (text === '') return [];
    try {
      list = JSON.parse(text) as GoValue;
    } catch {
      throw new ModuleArgumentError('"auths" must be a list, or a string rendering to a JSON list');
    }
  }
  if (!isList(list)) throw new ModuleArgumentError('"auths" must be a list of {registry, username, password, …}');
  return list.map((entry, i) => readAuthEntry(ctx, entry, i));
}

function readPolicy(ctx: ModuleContext, args: GoMap): PlatformPolicy {
  const text = (optionalString(ctx, args, 'policy') ?? '').trim();
  if (text === '' || text === 'strict') return 'strict';
  if (text === 'warn') return 'warn';
  throw new ModuleArgumentError(`invalid policy "${text}": use strict or warn`);
}

function localDir(text: string, key: string): string {
  if (!isAbsolute(text)) throw new ModuleArgumentError(`"${key}" must be an absolute path (e.g. /var/lib/kubekey/images), got "${text}"`);
  return text;
}

/** The deprecated forms, rewritten into the current one. */
function legacyArgs(ctx: ModuleContext, args: GoMap): GoMap | undefined {
  if (args.pull !== undefined) {
    const pull = subMap(args.pull, 'pull');
    const dir = localDir(optionalString(ctx, pull, 'images_dir') ?? '', 'pull.images_dir');
    return { manifests: pull.manifests ?? [], platform: pull.platform ?? null, auths: pull.auths ?? null, skip_tls_verify: pull.skip_tls_verify ?? null, src: PULL_SRC, dest: `local://${dir}` };
  }
  if (args.push !== undefined) {
    const push = subMap(args.push, 'push');
    const dir = localDir(optionalString(ctx, push, 'images_dir') ?? '', 'push.images_dir');
    // KubeKey sets no manifests here, so its push always ends in `skip`; kplay keeps that.
    return { manifests: [], auths: push.auths ?? null, skip_tls_verify: push.skip_tls_verify ?? null, pattern: push.src_pattern ?? null, src: `local://${dir}`, dest: `oci://${rawString(push, 'dest', true)}` };
  }
  if (args.copy !== undefined) {
    const copy = subMap(args.copy, 'copy');
    const from = subMap(copy.from, 'copy.from');
    const to = subMap(copy.to, 'copy.to');
    const fromDir = localDir(optionalString(ctx, from, 'path') ?? '', 'copy.from.path');
    const toDir = localDir(optionalString(ctx, to, 'path') ?? '', 'copy.to.path');
    return { manifests: from.manifests ?? [], platform: copy.platform ?? null, pattern: to.src_pattern ?? null, src: `local://${fromDir}`, dest: `local://${toDir}` };
  }
  return undefined;
}

export const IMAGE_ARGUMENTS = moduleSchema('image');

/**
 * Checked against the schema as written, then read field by field: `src`/`dest` are rendered per
 * image and the deprecated forms are rewritten first, which a schema cannot express.
 */
export function readImageArgs(ctx: ModuleContext): ImageArgs {
  validatedArgs<ImageArguments>(ctx, IMAGE_ARGUMENTS, { render: false });
  const given = argMap(ctx);
  const legacy = legacyArgs(ctx, given);
  if (legacy !== undefined && (given.src !== undefined || given.dest !== undefined || given.manifests !== undefined)) {
    throw new ModuleArgumentError('the deprecated pull/push/copy forms cannot be mixed with src/dest/manifests');
  }
  const args = legacy ?? given;
  const manifests = args.manifests === undefined || args.manifests === null ? undefined : (optionalStringList(ctx, args, 'manifests') ?? []);
  return {
    ...(manifests !== undefined ? { manifests: manifests.map((m) => m.trim()).filter((m) => m !== '') } : {}),
    src: rawString(args, 'src', true),
    dest: rawString(args, 'dest', true),
    platforms: readPlatforms(ctx, args),
    policy: readPolicy(ctx, args),
    ...((): { pattern?: RegExp } => {
      const pattern = readPattern(optionalString(ctx, args, 'pattern'), 'pattern');
      return pattern ? { pattern } : {};
    })(),
    auths: readAuths(ctx, args),
    defaultSkipTlsVerify: optionalBool(ctx, args, 'skip_tls_verify') ?? false,
  };
}
