/**
 * `gen_cert`: a self-signed CA or a CA-signed certificate with its key, on the controller.
 * `IfNotPresent` keeps an existing pair only when it still validates (dates, CN, SANs, CA
 * signature, key match) and otherwise renews it, saying why; check mode only reports.
 */
import * as crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { createCertificate, generatePrivateKey, KeyType, listFromText, ModuleArgumentError, type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, parseDuration, parsePrivateKeyPem, privateKeyToGoPem, readCertificateDetails, validateCertificatePair, validatedArgs, writeFileAtomically } from '../engine/modules/module-api';
import type { GenCertArguments } from './arguments';
import { sortSans, SortedSans } from './lib/cert-request';

type Policy = 'Always' | 'IfNotPresent' | 'None';
const TEN_YEARS = '87600h';

interface GenCertArgs {
  readonly cn: string;
  readonly outKey: string;
  readonly outCert: string;
  readonly policy: Policy;
  readonly rootKey?: string;
  readonly rootCert?: string;
  readonly sans: readonly string[];
  readonly validityMs: number;
  readonly isCA: boolean;
  readonly keyType: KeyType;
  readonly keySize?: number;
}

const ARGUMENTS = moduleSchema('gen_cert');

function readArgs(ctx: ModuleContext): GenCertArgs {
  const args = validatedArgs<GenCertArguments>(ctx, ARGUMENTS);
  // An empty date (a template rendering to nothing) means the default, as in KubeKey.
  const dateText = args.date || TEN_YEARS;
  let validityMs: number;
  try {
    validityMs = parseDuration(dateText);
  } catch (error) {
    throw new ModuleArgumentError(`"date": ${(error as Error).message}`);
  }
  if (validityMs <= 0) throw new ModuleArgumentError(`"date" must be a positive duration such as 87600h or 1y, got "${dateText}"`);
  const keySize = args.key_size === undefined || args.key_size === '' ? undefined : Number(args.key_size);
  if (keySize !== undefined && !(Number.isInteger(keySize) && keySize > 0)) throw new ModuleArgumentError(`"key_size" must be a positive integer, got "${args.key_size}"`);
  const signed = args.root_key !== undefined && args.root_key !== '' && args.root_cert !== undefined && args.root_cert !== '';
  return {
    cn: args.cn,
    outKey: resolve(args.out_key),
    outCert: resolve(args.out_cert),
    policy: args.policy,
    ...(signed ? { rootKey: resolve(args.root_key ?? ''), rootCert: resolve(args.root_cert ?? '') } : {}),
    sans: listFromText(args.sans) ?? [],
    validityMs,
    isCA: args.is_ca,
    keyType: args.key_type,
    ...(keySize !== undefined ? { keySize } : {}),
  };
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

interface LoadedCa {
  readonly certPem: string;
  readonly cert: crypto.X509Certificate;
  readonly key: crypto.KeyObject;
}

/** The CA pair, or the reason it cannot be used (missing files are reported, not thrown). */
async function loadCa(args: GenCertArgs): Promise<LoadedCa | { missing: string }> {
  const certPem = await readIfPresent(args.rootCert ?? '');
  const keyPem = await readIfPresent(args.rootKey ?? '');
  if (certPem === undefined) return { missing: `root certificate ${args.rootCert} does not exist` };
  if (keyPem === undefined) return { missing: `root key ${args.rootKey} does not exist` };
  let cert: crypto.X509Certificate;
  try {
    cert = new crypto.X509Certificate(certPem);
  } catch (error) {
    throw new Error(`Failed to load root certificate ${args.rootCert}: ${(error as Error).message}`);
  }
  let key: crypto.KeyObject;
  try {
    key = parsePrivateKeyPem(keyPem);
  } catch (error) {
    throw new Error(`Failed to load root key ${args.rootKey}: ${(error as Error).message}`);
  }
  return { certPem, cert, key };
}

function wantedSans(args: GenCertArgs, ctx: ModuleContext): SortedSans {
  if (args.rootCert === undefined) return { dnsNames: [args.cn], ipAddresses: [], rejected: [] };
  const sorted = sortSans(args.sans, { dns: ['localhost'], ips: ['127.0.0.1', '::1'] });
  for (const entry of sorted.rejected) ctx.log('warning', `gen_cert: SAN "${entry}" is neither an IP address nor a DNS name; skipped`);
  return sorted;
}

/** Why the existing pair cannot be kept; empty when it is valid. */
async function problemsWithExisting(args: GenCertArgs, sans: SortedSans, ca: LoadedCa | undefined): Promise<string[]> {
  const certPem = await readIfPresent(args.outCert);
  const keyPem = await readIfPresent(args.outKey);
  const missing = [...(certPem === undefined ? [`${args.outCert} does not exist`] : []), ...(keyPem === undefined ? [`${args.outKey} does not exist`] : [])];
  if (certPem === undefined || keyPem === undefined) return missing;
  const result = validateCertificatePair({
    certPem,
    keyPem,
    // A self-signed certificate must verify against itself.
    caCertPem: ca?.certPem ?? certPem,
    commonName: args.cn,
    dnsNames: sans.dnsNames,
    ipAddresses: sans.ipAddresses,
  });
  return result.reasons;
}

async function generate(args: GenCertArgs, sans: SortedSans, ca: LoadedCa | undefined): Promise<crypto.X509Certificate> {
  const key = generatePrivateKey(args.keyType, args.keySize);
  const now = new Date();
  const notAfter = new Date(now.getTime() + args.validityMs);
  const common = { commonName: args.cn, organizations: ['kubekey'], publicKey: key, notAfter };
  const created =
    ca === undefined
      ? createCertificate({ ...common, notBefore: now, isCA: true, dnsNames: sans.dnsNames, signingKey: key })
      : createCertificate({
          ...common,
          // KubeKey back-dates signed certificates to the CA's start, tolerating clock skew.
          notBefore: readCertificateDetails(ca.cert).notBefore,
          isCA: args.isCA,
          dnsNames: sans.dnsNames,
          ipAddresses: sans.ipAddresses,
          keyUsage: args.isCA ? ['digitalSignature', 'keyEncipherment', 'keyCertSign'] : ['digitalSignature', 'keyEncipherment'],
          issuer: { cert: ca.cert, key: ca.key },
        });
  await writeFileAtomically(args.outKey, privateKeyToGoPem(key), { mode: 0o600 });
  await writeFileAtomically(args.outCert, created.certPem, { mode: 0o644 });
  return created.cert;
}

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const args = readArgs(ctx);
  const sans = wantedSans(args, ctx);
  const data = { out_cert: args.outCert, out_key: args.outKey };
  let ca: LoadedCa | undefined;
  if (args.rootCert !== undefined) {
    const loaded = await loadCa(args);
    if ('missing' in loaded) {
      // In check mode the CA may come from an earlier task that only "would" have run.
      if (ctx.checkMode && args.policy !== 'None') {
        return { changed: true, stdout: 'success', msg: `would create ${args.outCert}: ${loaded.missing} yet`, data };
      }
      throw new Error(`Failed to load root certificate: ${loaded.missing}`);
    }
    ca = loaded;
  }
  const problems = args.policy === 'Always' ? [] : await problemsWithExisting(args, sans, ca);
  if (args.policy !== 'Always' && problems.length === 0) {
    return { changed: false, stdout: 'skip', msg: `${args.outCert} is valid; kept`, data };
  }
  if (args.policy === 'None') {
    const what = ca === undefined ? 'Self-signed certificate or key validation failed' : 'Certificate validation failed';
    return { changed: false, failed: true, stdout: 'failed', msg: `${what} (policy None): ${problems.join('; ')}`, data };
  }
  const exists = (await readIfPresent(args.outCert)) !== undefined;
  const action = args.policy === 'Always' ? (exists ? 'replace' : 'create') : exists ? 'renew' : 'create';
  const why = args.policy === 'Always' ? 'policy Always' : problems.join('; ');
  if (ctx.checkMode) return { changed: true, stdout: 'success', msg: `would ${action} ${args.outCert}: ${why}`, data };
  const cert = await generate(args, sans, ca);
  const past = { create: 'created', renew: 'renewed', replace: 'replaced' }[action];
  return {
    changed: true,
    stdout: 'success',
    msg: `${past} ${args.outCert}: ${why}`,
    data: { ...data, not_after: cert.validTo, serial: cert.serialNumber },
  };
}

export const genCertModule: ModuleDefinition = {
  name: 'gen_cert',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Create a self-signed CA or a CA-signed certificate and key on the controller (policy Always/IfNotPresent/None).',
  run,
};
