/**
 * Go's complex128, which templates meet only as a constant (`{{ 1i }}`, `{{ 2+3i }}`):
 * text/template makes an imaginary literal a complex128 value. Printing goes through fmt.ts
 * (every float verb formats both parts); %v and String-like uses print `(re+imi)`.
 */
import type { GoObject, GoValue } from '../core/values';
import { formatFloat } from './strconv';

export class GoComplex implements GoObject {
  readonly goType = 'complex128';
  readonly goKind = 'complex128';
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}

  goString(): string {
    const im = formatFloat(this.im, 'g', -1);
    return `(${formatFloat(this.re, 'g', -1)}${im.startsWith('-') ? '' : '+'}${im}i)`;
  }

  goIsZero(): boolean {
    return this.re === 0 && this.im === 0;
  }

  goEqual(other: GoValue): boolean {
    return other instanceof GoComplex && other.re === this.re && other.im === this.im;
  }
}
