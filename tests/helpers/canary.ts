/**
 * Finds a canary secret in output whatever encoding carried it there: as written (also inside
 * JSON, YAML, %q or shell quoting, which leave letters and digits alone), or in base64 at any
 * alignment inside a longer base64 text (standard or URL alphabet). The canary must be made of
 * characters every text encoding leaves alone (letters, digits, `-`, `_`, `.`; `+`, `/` and `=`
 * for lines of a PEM key, which URL-escaping would change but nothing that prints output does).
 */

/** Where `canary` shows up in `text`, or undefined: 'raw' or 'base64'. */
export function findCanary(text: string, canary: string): 'raw' | 'base64' | undefined {
  if (!/^[A-Za-z0-9_.+/=-]+$/.test(canary)) throw new Error(`canary ${canary} has characters an encoding would change`);
  if (text.includes(canary)) return 'raw';
  for (const run of text.match(/[A-Za-z0-9+/_-]{8,}/g) ?? []) {
    if (run.length < (canary.length * 4) / 3) continue;
    const standard = run.replace(/-/g, '+').replace(/_/g, '/');
    // One of the four starting offsets lines up with the encoder's 4-character groups.
    for (let offset = 0; offset < 4; offset++) {
      const part = standard.slice(offset);
      const usable = part.slice(0, part.length - (part.length % 4));
      if (Buffer.from(usable, 'base64').toString('latin1').includes(canary)) return 'base64';
    }
  }
  return undefined;
}

/** Throws naming the output and the encoding when any canary is found in `text`. */
export function expectNoCanary(text: string, canaries: readonly string[], where: string): void {
  for (const canary of canaries) {
    const found = findCanary(text, canary);
    if (found !== undefined) {
      const at = text.indexOf(canary);
      const context = at >= 0 ? `: …${text.slice(Math.max(0, at - 60), at + canary.length + 20)}…` : '';
      throw new Error(`${where} leaks canary ${canary} (${found})${context}`);
    }
  }
}
