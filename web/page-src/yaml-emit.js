// YAML text from the forms' data, with the path each line holds, so that a server message at
// file:line:col can be shown beside the field that wrote that line. Strings are always
// double-quoted (JSON strings are YAML strings): "no", "1.10" and "~" stay strings.

/** A field's own YAML text, put in place as written (indented under its key). */
export class RawYaml {
  constructor(text) { this.text = text; }
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawYaml);
}

function scalar(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (isObject(v) || Array.isArray(v)) return JSON.stringify(v);
  return String(v);
}

/** `{ text, paths }`: paths[i] is the key path (an array) that line i + 1 belongs to. */
export function toYaml(value) {
  const lines = [];
  const paths = [];
  const put = (line, path) => { lines.push(line); paths.push(path); };
  const emit = (v, indent, path) => {
    const pad = ' '.repeat(indent);
    if (Array.isArray(v)) {
      v.forEach((item, i) => put(`${pad}- ${scalar(item)}`, [...path, i]));
      return;
    }
    for (const [k, item] of Object.entries(v)) {
      if (item === undefined) continue;
      const p = [...path, k];
      const key = PLAIN_KEY.test(k) ? k : JSON.stringify(k);
      if (item instanceof RawYaml) {
        put(`${pad}${key}:`, p);
        for (const line of item.text.replace(/\s+$/, '').split('\n')) put(`${pad}  ${line}`, p);
      } else if ((isObject(item) && Object.keys(item).length > 0) || (Array.isArray(item) && item.length > 0)) {
        put(`${pad}${key}:`, p);
        emit(item, indent + 2, p);
      } else {
        put(`${pad}${key}: ${isObject(item) ? '{}' : Array.isArray(item) ? '[]' : scalar(item)}`, p);
      }
    }
  };
  emit(value, 0, []);
  return { text: `${lines.join('\n')}\n`, paths };
}

export function getIn(obj, path) {
  let v = obj;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[k];
  }
  return v;
}

/** Sets (or, for undefined, removes) a value, making maps on the way; empty maps left behind go. */
export function setIn(obj, path, value) {
  const parents = [obj];
  let v = obj;
  for (const k of path.slice(0, -1)) {
    if (!isObject(v[k])) {
      if (value === undefined) return;
      v[k] = {};
    }
    v = v[k];
    parents.push(v);
  }
  const last = path[path.length - 1];
  if (value === undefined) delete v[last];
  else v[last] = value;
  for (let i = path.length - 1; i > 0 && value === undefined; i--) {
    if (Object.keys(parents[i]).length === 0) delete parents[i - 1][path[i - 1]];
  }
}

/** The field (by its data-path) a line's path belongs to: the same path or its nearest parent. */
export function fieldFor(fields, path) {
  for (let n = path.length; n > 0; n--) {
    const key = JSON.stringify(path.slice(0, n));
    if (fields.has(key)) return fields.get(key);
  }
  return undefined;
}
