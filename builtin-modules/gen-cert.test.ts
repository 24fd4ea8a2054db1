import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GoValue } from '../engine/modules/module-api';
import { runModule, testContext, treeListing } from '../tests/integration/modules/module-context';
import { genCertModule } from './gen-cert';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kplay-gencert-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: Record<string, GoValue>, checkMode = false) =>
  runModule(genCertModule, testContext({ args, module: 'gen_cert', checkMode }));

const openssl = (...args: string[]): string => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

async function makeCa(): Promise<{ key: string; cert: string }> {
  const ca = { key: join(dir, 'ca.key'), cert: join(dir, 'ca.crt') };
  const result = await run({ cn: 'root', out_key: ca.key, out_cert: ca.cert, policy: 'IfNotPresent' });
  expect(result).toMatchObject({ changed: true, stdout: 'success' });
  return ca;
}

test('self-signed CA: RSA 2048 key (0600), certificate (0644) that OpenSSL reads as a 10-year CA', async () => {
  const ca = await makeCa();
  expect(statSync(ca.key).mode & 0o777).toBe(0o600);
  expect(statSync(ca.cert).mode & 0o777).toBe(0o644);
  expect(readFileSync(ca.key, 'utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
  expect(openssl('rsa', '-check', '-noout', '-in', ca.key)).toContain('RSA key ok');
  const text = openssl('x509', '-text', '-noout', '-in', ca.cert);
  expect(text).toMatch(/Subject: O = kubekey, CN = root\n/);
  expect(text).toContain('Public-Key: (2048 bit)');
  expect(text).toContain('CA:TRUE');
  expect(text).toContain('DNS:root');
  expect(text).toContain('Certificate Sign');
  const cert = new crypto.X509Certificate(readFileSync(ca.cert));
  const years = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (365 * 86_400_000);
  expect(years).toBeGreaterThan(9.99);
  expect(years).toBeLessThan(10.01);
  expect(openssl('verify', '-CAfile', ca.cert, ca.cert).trim()).toBe(`${ca.cert}: OK`);
});

test('CA-signed leaf: default and given SANs, invalid SANs skipped, verified by openssl verify', async () => {
  const ca = await makeCa();
  const leaf = { key: join(dir, 'etcd.key'), cert: join(dir, 'etcd.crt') };
  const result = await run({
    cn: 'etcd',
    out_key: leaf.key,
    out_cert: leaf.cert,
    root_key: ca.key,
    root_cert: ca.cert,
    sans: ['etcd.local', '10.0.0.5', 'not a name!', '127.0.0.1', '*.svc.local'],
    date: '1y',
    policy: 'IfNotPresent',
  });
  expect(result.changed).toBe(true);
  expect(openssl('verify', '-CAfile', ca.cert, leaf.cert).trim()).toBe(`${leaf.cert}: OK`);
  const text = openssl('x509', '-text', '-noout', '-in', leaf.cert);
  expect(text).toContain('DNS:localhost, DNS:etcd.local, DNS:*.svc.local, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:10.0.0.5');
  expect(text).toContain('CA:FALSE');
  expect(text).not.toContain('not a name');
  const leafCert = new crypto.X509Certificate(readFileSync(leaf.cert));
  const caCert = new crypto.X509Certificate(readFileSync(ca.cert));
  expect(leafCert.validFrom).toBe(caCert.validFrom);
  const days = (Date.parse(leafCert.validTo) - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(364);
  expect(days).toBeLessThanOrEqual(365);
});

test('IfNotPresent keeps a valid pair byte for byte, renews with the reason when SANs change', async () => {
  const ca = await makeCa();
  const args = { cn: 'api', out_key: join(dir, 'api.key'), out_cert: join(dir, 'api.crt'), root_key: ca.key, root_cert: ca.cert, sans: ['10.0.0.1'] };
  await run(args);
  const certBefore = readFileSync(args.out_cert);
  const kept = await run(args);
  expect(kept).toMatchObject({ changed: false, stdout: 'skip' });
  expect(readFileSync(args.out_cert).equals(certBefore)).toBe(true);
  const renewed = await run({ ...args, sans: ['10.0.0.1', '10.0.0.2'] });
  expect(renewed.changed).toBe(true);
  expect(renewed.msg).toBe(`renewed ${args.out_cert}: SAN 10.0.0.2 missing`);
  expect(openssl('x509', '-noout', '-ext', 'subjectAltName', '-in', args.out_cert)).toContain('IP Address:10.0.0.2');
});

test('IfNotPresent renews an expired certificate, one from another CA, and a mismatched key', async () => {
  const ca = await makeCa();
  const args = { cn: 'kubelet', out_key: join(dir, 'k.key'), out_cert: join(dir, 'k.crt'), root_key: ca.key, root_cert: ca.cert };
  await run({ ...args, date: '1s' });
  await new Promise((r) => setTimeout(r, 2100));
  expect((await run(args)).msg).toMatch(/^renewed .*: certificate expired on /);

  const other = { key: join(dir, 'other.key'), cert: join(dir, 'other.crt') };
  await run({ cn: 'other', out_key: other.key, out_cert: other.cert });
  await run({ ...args, root_key: other.key, root_cert: other.cert, policy: 'Always' });
  expect((await run(args)).msg).toContain('not signed by the given CA');

  await run({ cn: 'x', out_key: join(dir, 'x.key'), out_cert: join(dir, 'x.crt') });
  execFileSync('cp', [join(dir, 'x.key'), args.out_key]);
  expect((await run(args)).msg).toContain('private key does not match the certificate');
  expect(openssl('verify', '-CAfile', ca.cert, args.out_cert).trim()).toBe(`${args.out_cert}: OK`);
});

test('Always regenerates; None validates and fails with the reasons', async () => {
  const ca = await makeCa();
  const serial = new crypto.X509Certificate(readFileSync(ca.cert)).serialNumber;
  const again = await run({ cn: 'root', out_key: ca.key, out_cert: ca.cert, policy: 'Always' });
  expect(again).toMatchObject({ changed: true, msg: `replaced ${ca.cert}: policy Always` });
  expect(new crypto.X509Certificate(readFileSync(ca.cert)).serialNumber).not.toBe(serial);
  expect(await run({ cn: 'root', out_key: ca.key, out_cert: ca.cert, policy: 'None' })).toMatchObject({ changed: false, stdout: 'skip' });
  const wrongCn = await run({ cn: 'other', out_key: ca.key, out_cert: ca.cert, policy: 'None' });
  expect(wrongCn.failed).toBe(true);
  expect(wrongCn.msg).toContain('common name is "root", expected "other"');
  const missing = await run({ cn: 'x', out_key: join(dir, 'none.key'), out_cert: join(dir, 'none.crt'), policy: 'None' });
  expect(missing.failed).toBe(true);
  expect(missing.msg).toContain('none.crt does not exist');
});

test('check mode writes nothing and says what it would create or renew and why', async () => {
  const before = treeListing(dir);
  const create = await run({ cn: 'root', out_key: join(dir, 'ca.key'), out_cert: join(dir, 'ca.crt') }, true);
  expect(create).toMatchObject({ changed: true, msg: `would create ${join(dir, 'ca.crt')}: ${join(dir, 'ca.crt')} does not exist; ${join(dir, 'ca.key')} does not exist` });
  // The CA itself only "would" exist: the leaf is reported as to be created, not failed.
  const leaf = await run({ cn: 'leaf', out_key: join(dir, 'l.key'), out_cert: join(dir, 'l.crt'), root_key: join(dir, 'ca.key'), root_cert: join(dir, 'ca.crt') }, true);
  expect(leaf.changed).toBe(true);
  expect(leaf.msg).toContain('does not exist yet');
  expect(treeListing(dir)).toEqual(before);

  const ca = await makeCa();
  const leafArgs = { cn: 'leaf', out_key: join(dir, 'l.key'), out_cert: join(dir, 'l.crt'), root_key: ca.key, root_cert: ca.cert, sans: ['a.local'] };
  await run(leafArgs);
  const snapshot = treeListing(dir);
  const renew = await run({ ...leafArgs, sans: ['a.local', 'b.local'] }, true);
  expect(renew).toMatchObject({ changed: true, msg: `would renew ${leafArgs.out_cert}: SAN b.local missing` });
  expect((await run(leafArgs, true)).changed).toBe(false);
  expect(treeListing(dir)).toEqual(snapshot);
});

test('bad arguments are named', async () => {
  expect((await run({ cn: 'x', out_key: join(dir, 'a'), out_cert: join(dir, 'b'), policy: 'Sometimes' })).msg).toContain('gen_cert.policy: must be one of "Always", "IfNotPresent", "None"');
  expect((await run({ cn: 'x', out_key: join(dir, 'a'), out_cert: join(dir, 'b'), date: '10 years' })).msg).toContain('"date": time: ');
  expect((await run({ out_key: join(dir, 'a'), out_cert: join(dir, 'b') })).msg).toBe('gen_cert: missing required argument "cn"');
});
