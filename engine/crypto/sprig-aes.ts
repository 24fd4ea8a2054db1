/**
 * Sprig's encryptAES/decryptAES scheme, byte-compatible with Go Sprig 3.2.3: the key is the
 * password's bytes zero-padded (or cut) to 32 bytes (AES-256), CBC with a random IV prepended,
 * PKCS#7-style padding, standard base64. Decryption strips as many bytes as the last byte says
 * without checking the padding (a wrong key yields garbage, not an error), and malformed input
 * fails with the runtime panics Go would report.
 */
import * as crypto from 'node:crypto';
import { decodeGoBase64, goBase64DecodedCapacity } from '../go/base64';
import { goStringBytes, goStringFromBytes } from '../core/values';

const BLOCK = 16;

function keyFromPassword(password: string): Buffer {
  const key = Buffer.alloc(32);
  goStringBytes(password).copy(key, 0, 0, 32);
  return key;
}

export function sprigEncryptAes(password: string, plaintext: string, iv: Buffer = crypto.randomBytes(BLOCK)): string {
  if (plaintext === '') return '';
  const content = goStringBytes(plaintext);
  const padding = BLOCK - (content.length % BLOCK);
  const padded = Buffer.concat([content, Buffer.alloc(padding, padding)]);
  const cipher = crypto.createCipheriv('aes-256-cbc', keyFromPassword(password), iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([iv, cipher.update(padded), cipher.final()]).toString('base64');
}

/** Decrypted bytes (Go returns them as a string, valid UTF-8 or not). */
export function sprigDecryptAesBytes(password: string, encoded: string): Buffer {
  if (encoded === '') return Buffer.alloc(0);
  const data = decodeGoBase64(encoded);
  if (data.length < BLOCK) {
    throw new Error(`runtime error: slice bounds out of range [:${BLOCK}] with capacity ${goBase64DecodedCapacity(encoded)}`);
  }
  const body = data.subarray(BLOCK);
  if (body.length % BLOCK !== 0) throw new Error('crypto/cipher: input not full blocks');
  if (body.length === 0) throw new Error('runtime error: index out of range [-1]');
  const decipher = crypto.createDecipheriv('aes-256-cbc', keyFromPassword(password), data.subarray(0, BLOCK));
  decipher.setAutoPadding(false);
  const decrypted = Buffer.concat([decipher.update(body), decipher.final()]);
  const end = decrypted.length - decrypted[decrypted.length - 1];
  if (end < 0) throw new Error(`runtime error: slice bounds out of range [:${end}]`);
  return decrypted.subarray(0, end);
}

export function sprigDecryptAes(password: string, encoded: string): string {
  return goStringFromBytes(sprigDecryptAesBytes(password, encoded));
}
