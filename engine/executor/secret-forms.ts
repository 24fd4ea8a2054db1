/**
 * The spellings a secret can take in output (docs/security.md#what-is-masked): a template may pass
 * a password through toJson, quote, toYaml, b64enc or shellQuote before it is printed, and a
 * multi-line key loses its line breaks to JSON or %q escaping. The redactor masks every spelling.
 */
import { marshalJson } from '../go/json';
import { quote, quoteToAscii } from '../go/strconv';
import { htmlEscapeString, jsEscapeString, urlQueryEscape } from '../template/builtins';
import { toYaml } from '../template/kubekey/yaml';

/** Shortest secret kplay masks at all: shorter values would mask ordinary text ("a", "1"). */
export const MIN_SECRET_LENGTH = 3;
/**
 * Shortest derived spelling worth masking on its own (a line of a multi-line secret, a base64
 * fragment): below this, masking would hit unrelated text and hiding it protects next to nothing.
 */
export const MIN_FRAGMENT_LENGTH = 6;

/** PEM armour lines say what a block is, not what it holds. */
const ARMOUR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;

/** Every spelling of `secret` that output may carry, the secret itself first. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  addEscapedForms(forms, secret);
  addBase64Forms(forms, secret);
  const trimmed = secret.trim();
  if (trimmed !== secret && trimmed.length >= MIN_SECRET_LENGTH) {
    forms.add(trimmed);
    addEscapedForms(forms, trimmed);
    addBase64Forms(forms, trimmed);
  }
  // Each line on its own: a multi-line secret re-indented by toYaml or `indent`, or escaped
  // into one line by toJson / %q, still shows its lines verbatim.
  if (/[\r\n]/.test(secret)) {
    for (const line of secret.split(/\r?\n|\r/)) {
      const text = line.trim();
      if (text.length < MIN_FRAGMENT_LENGTH || ARMOUR.test(text)) continue;
      forms.add(text);
      addEscapedForms(forms, text);
    }
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/** JSON (Go's and JavaScript's), Go %q, YAML, shell, URL, HTML and JS spellings, quotes left off. */
function addEscapedForms(forms: Set<string>, s: string): void {
  forms.add(JSON.stringify(s).slice(1, -1));
  forms.add(marshalJson(s, { escapeHtml: true }).slice(1, -1));
  forms.add(quote(s).slice(1, -1));
  forms.add(quoteToAscii(s).slice(1, -1));
  forms.add(s.replace(/'/g, `'\\''`));
  forms.add(s.replace(/'/g, "''"));
  const yaml = toYaml(s);
  if (!yaml.includes('\n')) forms.add(/^(['"]).*\1$/s.test(yaml) ? yaml.slice(1, -1) : yaml);
  else for (const line of yaml.split('\n')) if (line.trim().length >= MIN_FRAGMENT_LENGTH && !ARMOUR.test(line.trim())) forms.add(line.trim());
  // The template language's own escapers: urlquery, html and js.
  forms.add(urlQueryEscape(s));
  forms.add(encodeURIComponent(s));
  forms.add(htmlEscapeString(s));
  forms.add(jsEscapeString(s));
}

/**
 * Base64 of the secret at each of the three byte alignments it can have inside a longer text,
 * cut to the characters that depend on the secret alone, standard and URL alphabets; so both
 * `{{ .password | b64enc }}` and the base64 of a whole file that contains the secret are masked
 * (as long as the encoder did not wrap lines inside it).
 */
function addBase64Forms(forms: Set<string>, s: string): void {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length < MIN_FRAGMENT_LENGTH) return;
  forms.add(bytes.toString('base64'));
  for (let pad = 0; pad < 3; pad++) {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    const start = Math.ceil((8 * pad) / 6);
    const end = Math.floor((8 * (pad + bytes.length)) / 6);
    const core = encoded.slice(start, end);
    if (core.length < MIN_FRAGMENT_LENGTH) continue;
    forms.add(core);
    forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
}
