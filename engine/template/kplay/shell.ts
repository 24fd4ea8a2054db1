/**
 * kplay's additions to the KubeKey function map: quoting data for the POSIX shell that
 * `command`/`shell` tasks run under. Sprig's `quote`/`squote` produce Go/YAML-style quotes, which
 * a shell still expands (`"$(rm -rf ~)"`) or which a `'` in the data ends early.
 */
import { shellQuote } from '../../core/shell-quote';
import { FunctionError, fn, type FunctionMap } from '../function-types';
import { goTypeName, isList, type GoValue } from '../../core/values';
import { formatValue } from '../../go/fmt';

/** A string as one shell word; a list as one word per item, space-separated. */
function shellQuoteValue(v: GoValue): string {
  if (isList(v)) return v.map((item) => shellQuote(word(item))).join(' ');
  return shellQuote(word(v));
}

function word(v: GoValue): string {
  if (v === undefined || v === null) throw new FunctionError('shellQuote: nil value (a missing variable?)');
  if (typeof v === 'string') return v;
  if (isList(v)) throw new FunctionError(`shellQuote: a nested ${goTypeName(v)} is not a shell word`);
  return formatValue(v);
}

export const kplayFunctions: FunctionMap = {
  shellQuote: fn(['any'], (v) => shellQuoteValue(v)),
};
