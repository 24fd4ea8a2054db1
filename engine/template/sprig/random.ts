/** Sprig's random functions: crypto-random strings, randInt, shuffle, uuidv4. */
import { randomInt, randomUUID } from 'node:crypto';
import { FunctionError, fn, type FunctionMap } from '../function-types';
import { validUtf8 } from '../../core/values';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
/** goutils' CryptoRandomAscii draws from the printable range 32..126. */
const PRINTABLE_ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

/** goutils returns an error (which Sprig drops, yielding "") for a negative count. */
function randomString(count: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < count; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** rand.Intn(max-min)+min; Go panics when the range is empty. */
function randIntBetween(min: number, max: number): number {
  const span = max - min;
  if (span <= 0) throw new FunctionError('invalid argument to Intn');
  return min + Math.floor(Math.random() * span);
}

/** xstrings.Shuffle permutes runes (code points), not bytes. */
function shuffleRunes(s: string): string {
  const runes = Array.from(validUtf8(s)); // []rune(s): a raw byte is U+FFFD
  for (let i = runes.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [runes[i], runes[j]] = [runes[j], runes[i]];
  }
  return runes.join('');
}

const randomOf = (alphabet: string) => fn(['int'], (count) => randomString(count as number, alphabet));

export const randomFunctions: FunctionMap = {
  randAlphaNum: randomOf(LETTERS + DIGITS),
  randAlpha: randomOf(LETTERS),
  randNumeric: randomOf(DIGITS),
  randAscii: randomOf(PRINTABLE_ASCII),
  randInt: fn(['int', 'int'], (min, max) => randIntBetween(min as number, max as number)),
  shuffle: fn(['string'], (s) => shuffleRunes(s as string)),
  uuidv4: fn([], () => randomUUID()),
};
