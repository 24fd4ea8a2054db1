/** Go's strconv.Unquote: undefined where Go reports ErrSyntax. */

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

function isValidCodePoint(cp: number): boolean {
  return cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
}

/** Reads one (possibly escaped) character at `i`; returns it and the next index. */
function unquoteChar(s: string, i: number, quote: string): { text: string; next: number } | undefined {
  const c = s[i];
  if (c === quote && (quote === "'" || quote === '"')) return undefined;
  if (c !== '\\') {
    const cp = s.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    return { text: ch, next: i + ch.length };
  }
  const e = s[i + 1];
  if (e === undefined) return undefined;
  if (SIMPLE_ESCAPES[e] !== undefined) return { text: SIMPLE_ESCAPES[e], next: i + 2 };
  if (e === "'" || e === '"') return e === quote ? { text: e, next: i + 2 } : undefined;
  if (e === 'x' || e === 'u' || e === 'U') {
    const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
    const hex = s.slice(i + 2, i + 2 + len);
    if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return undefined;
    const v = parseInt(hex, 16);
    // \x yields a raw byte: only representable here when it is ASCII.
    if (e === 'x') return v < 0x80 ? { text: String.fromCharCode(v), next: i + 4 } : { text: String.fromCharCode(0xfffd), next: i + 4 };
    if (!isValidCodePoint(v)) return undefined;
    return { text: String.fromCodePoint(v), next: i + 2 + len };
  }
  if (e >= '0' && e <= '7') {
    const oct = s.slice(i + 1, i + 4);
    if (!/^[0-7]{3}$/.test(oct)) return undefined;
    const v = parseInt(oct, 8);
    if (v > 255) return undefined;
    return { text: v < 0x80 ? String.fromCharCode(v) : String.fromCharCode(0xfffd), next: i + 4 };
  }
  return undefined;
}

export function goUnquote(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const quote = s[0];
  if (quote !== s[s.length - 1]) return undefined;
  const body = s.slice(1, -1);
  if (quote === '`') {
    if (body.includes('`')) return undefined;
    return body.replace(/\r/g, '');
  }
  if (quote !== '"' && quote !== "'") return undefined;
  if (body.includes('\n')) return undefined;
  let out = '';
  let runes = 0;
  for (let i = 0; i < body.length; ) {
    const r = unquoteChar(body, i, quote);
    if (!r) return undefined;
    out += r.text;
    i = r.next;
    runes++;
    if (quote === "'" && runes > 1) return undefined;
  }
  if (quote === "'" && runes !== 1) return undefined;
  return out;
}
