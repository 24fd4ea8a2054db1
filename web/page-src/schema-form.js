// A form generated from a JSON schema (the cluster config's, GET /api/v1/schemas/cluster-config):
// one field per key, a fieldset per section, the roles' defaults as placeholders and their
// comments as descriptions. Only keys given a value are written; an empty field means "the
// default". Values the form has no field for (read from a stored document) are kept as they are.

import { RawYaml, getIn, setIn } from './yaml-emit.js';

let serial = 0;

function kindOf(schema) {
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 1) return types[0];
  if (types.length > 1) return types.includes('string') ? 'string-or-number' : types[0];
  const d = schema.default;
  if (typeof d === 'boolean') return 'boolean';
  if (typeof d === 'number') return Number.isInteger(d) ? 'integer' : 'number';
  if (Array.isArray(d)) return 'array';
  if (schema.properties) return 'object';
  return 'string';
}

function shown(v) {
  if (v === undefined) return '';
  if (typeof v === 'string') return v === '' ? '""' : v;
  return JSON.stringify(v);
}

function numberOrText(text) {
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : text;
}

/**
 * Builds the fields under `root`; returns { fields, read, write } where fields maps a path (JSON
 * array) to its wrapper element, read(values) fills the form, write(values) puts the form into
 * a copy of values.
 */
export function buildSchemaForm(root, schema, basePath, el) {
  const fields = new Map();
  const inputs = [];

  const field = (key, sub, path) => {
    const id = `sf-${++serial}`;
    const kind = kindOf(sub);
    const help = sub.description ? el('small', { id: `${id}-help`, class: 'help' }, sub.description) : null;
    const error = el('p', { class: 'field-error', id: `${id}-err`, 'aria-live': 'polite' });
    const describedBy = [help ? `${id}-help` : null, `${id}-err`].filter(Boolean).join(' ');
    let control;
    let get;
    let set;
    if (kind === 'boolean') {
      control = el('select', { id, 'aria-describedby': describedBy },
        el('option', { value: '' }, sub.default === undefined ? '(not set)' : `(default: ${shown(sub.default)})`),
        el('option', { value: 'true' }, 'true'), el('option', { value: 'false' }, 'false'));
      get = () => (control.value === '' ? undefined : control.value === 'true');
      set = (v) => { control.value = v === true ? 'true' : v === false ? 'false' : ''; };
    } else if (kind === 'array') {
      control = el('textarea', { id, rows: '2', spellcheck: 'false', 'aria-describedby': describedBy, placeholder: Array.isArray(sub.default) ? sub.default.join('\n') : 'one per line' });
      get = () => {
        const items = control.value.split('\n').map((l) => l.trim()).filter((l) => l !== '');
        return items.length === 0 ? undefined : items.map((i) => (typeof (sub.default ?? [])[0] === 'number' ? numberOrText(i) : i));
      };
      set = (v) => { control.value = Array.isArray(v) ? v.map((i) => (typeof i === 'string' ? i : JSON.stringify(i))).join('\n') : v === undefined ? '' : JSON.stringify(v); };
    } else if (kind === 'object') {
      // A free-form map (extra arguments, Helm values): its own YAML, put in place.
      control = el('textarea', { id, rows: '3', spellcheck: 'false', 'aria-describedby': describedBy, placeholder: 'key: value' });
      get = () => (control.value.trim() === '' ? undefined : new RawYaml(control.value));
      set = (v) => { control.value = v === undefined ? '' : JSON.stringify(v, null, 2); };
    } else {
      const numeric = kind === 'integer' || kind === 'number';
      control = el('input', { id, 'aria-describedby': describedBy, autocomplete: 'off', ...(numeric ? { inputmode: 'decimal' } : {}), placeholder: sub.default === undefined ? '' : shown(sub.default) });
      // A number field with text in it is sent as text: the server's check names the problem.
      get = () => (control.value === '' ? undefined : numeric || kind === 'string-or-number' ? numberOrText(control.value) : control.value);
      set = (v) => { control.value = v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v); };
    }
    const wrap = el('div', { class: 'field', 'data-path': JSON.stringify(path) },
      el('label', { for: id }, key, el('span', { class: 'type' }, ` ${kind === 'string-or-number' ? 'string or number' : kind}`)), control, ...(help ? [help] : []), error);
    fields.set(JSON.stringify(path), wrap);
    inputs.push({ path, get, set });
    return wrap;
  };

  const section = (parent, sub, path, depth) => {
    const props = Object.entries(sub.properties ?? {});
    const leaves = props.filter(([, s]) => !(s.properties && Object.keys(s.properties).length > 0));
    const groups = props.filter(([, s]) => s.properties && Object.keys(s.properties).length > 0);
    for (const [key, s] of leaves) parent.append(field(key, s, [...path, key]));
    for (const [key, s] of groups) {
      const details = el('details', { class: `section depth-${depth}`, 'data-path': JSON.stringify([...path, key]) },
        el('summary', {}, key, ...(s.description ? [el('span', { class: 'help' }, ` — ${s.description}`)] : [])));
      fields.set(JSON.stringify([...path, key]), details);
      section(details, s, [...path, key], depth + 1);
      parent.append(details);
    }
  };
  section(root, schema, basePath, 0);

  return {
    fields,
    read(values) {
      for (const i of inputs) i.set(getIn(values, i.path));
    },
    write(values) {
      for (const i of inputs) setIn(values, i.path, i.get());
      return values;
    },
  };
}
