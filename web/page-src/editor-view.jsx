// An editor of stored inventories or configs (Preact): the stored list, the name, the form or
// the YAML text (both write the same document; a switch carries the edits over), checked by the
// server while typing as the CLI would check it, and saved only when valid. The form itself is
// made by a builder (inventory-form.js; schema-form.js from the cluster config's JSON schema)
// into a node Preact leaves alone; problems are put beside the field that wrote their line.
import { Component } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import { el } from './dom.js';
import { buildInventoryForm } from './inventory-form.js';
import { buildSchemaForm } from './schema-form.js';
import { fieldFor, toYaml } from './yaml-emit.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A node whose children a builder makes; never re-rendered by Preact. */
class Island extends Component {
  shouldComponentUpdate() {
    return false;
  }

  componentDidMount() {
    this.props.onMount(this.base);
  }

  render() {
    return <div />;
  }
}

function caretTo(textarea, line, col) {
  const lines = textarea.value.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  offset += Math.max(0, col - 1);
  textarea.focus();
  textarea.setSelectionRange(offset, offset + 1);
}

/** Clears and sets the problems shown beside the form's fields. */
function decorate(root, fields, paths, diagnostics) {
  for (const f of root.querySelectorAll('.field-error')) f.textContent = '';
  for (const f of root.querySelectorAll('[aria-invalid]')) f.removeAttribute('aria-invalid');
  for (const d of diagnostics) {
    const path = paths[d.line - 1];
    const field = path ? fieldFor(fields, path) : undefined;
    if (!field) continue;
    if (field.tagName === 'DETAILS') field.open = true;
    for (let p = field.parentElement; p; p = p.parentElement) if (p.tagName === 'DETAILS') p.open = true;
    const slot = field.querySelector('.field-error');
    if (slot) slot.textContent = slot.textContent ? `${slot.textContent}\n${d.text}` : d.text;
    const control = field.querySelector('input, select, textarea');
    if (control) control.setAttribute('aria-invalid', 'true');
  }
}

/**
 * kind: 'inventories' or 'configs'; schema: the cluster config's schema (configs; null without
 * the cluster project: YAML only); visit changes each time the view is shown (the stored list is
 * read again); control receives `addAddresses(addresses)` (inventories: host rows from the host
 * check's address list).
 */
export function EditorView({ kind, schema, visit, control }) {
  const inventory = kind === 'inventories';
  const hasForm = inventory || schema !== null;
  const [stored, setStored] = useState([]);
  const [selected, setSelected] = useState('');
  const [name, setName] = useState(inventory ? 'inventory' : 'config');
  const [mode, setMode] = useState(hasForm ? 'form' : 'yaml');
  const [yaml, setYaml] = useState('');
  const [cluster, setCluster] = useState(true);
  const [messages, setMessages] = useState([]);
  const builder = useRef(null);
  const formRoot = useRef(null);
  const loaded = useRef({});
  const paths = useRef([]);
  const timer = useRef(null);
  const seq = useRef(0);
  const textarea = useRef(null);
  const nameInput = useRef(null);
  const pendingFocus = useRef(null);
  // The latest values, for the debounced check that runs after this render.
  const now = useRef({});
  now.current = { mode, yaml, cluster, name };

  const docName = () => (NAME.test(now.current.name) ? now.current.name : inventory ? 'inventory' : 'config');
  const clusterCheck = () => !inventory && schema !== null && (now.current.mode === 'form' || now.current.cluster);

  /** The document's text as it stands in the current mode. */
  const currentText = () => {
    if (now.current.mode === 'yaml') return now.current.yaml;
    const emitted = toYaml(builder.current.toDocument());
    paths.current = emitted.paths;
    return emitted.text;
  };

  const show = (diagnostics, head) => {
    if (builder.current) decorate(formRoot.current, builder.current.fields, now.current.mode === 'form' ? paths.current : [], diagnostics);
    setMessages([...head, ...diagnostics]);
  };

  const checkNow = async () => {
    const mine = ++seq.current;
    const res = await api('POST', `/api/v1/${kind}/${encodeURIComponent(docName())}/check`, { content: currentText(), cluster: clusterCheck() });
    if (mine === seq.current && res.ok) show(res.data.diagnostics, []);
  };
  const schedule = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(checkNow, 400);
  };

  const mount = (node) => {
    formRoot.current = node;
    if (inventory) {
      const form = buildInventoryForm(node, el, schedule);
      builder.current = { fields: form.fields, read: (v) => form.read(v), toDocument: () => form.write(), addAddresses: (a) => form.addAddresses(a) };
    } else {
      const form = buildSchemaForm(node, schema, ['spec'], el);
      builder.current = {
        fields: form.fields,
        read: (v) => form.read(v),
        toDocument: () => {
          const doc = form.write(structuredClone(loaded.current));
          doc.apiVersion ??= 'kubekey.kubesphere.io/v1';
          doc.kind = 'Config';
          doc.spec ??= {};
          return doc;
        },
      };
    }
    node.addEventListener('input', schedule);
    node.addEventListener('change', schedule);
    builder.current.read({});
  };

  const readForm = (values) => {
    loaded.current = values ?? {};
    builder.current?.read(values ?? {});
  };

  const refresh = async () => {
    const res = await api('GET', `/api/v1/${kind}`);
    if (res.ok) setStored(res.data.map((d) => d.name));
  };
  useEffect(() => {
    refresh();
  }, [visit]);

  useLayoutEffect(() => {
    if (pendingFocus.current && mode === 'form') {
      pendingFocus.current.focus();
      pendingFocus.current = null;
    }
  });

  if (control && inventory) {
    control.addAddresses = (addresses) => {
      if (!builder.current) return;
      const added = builder.current.addAddresses(addresses);
      schedule();
      if (now.current.mode === 'form') added[0]?.focus();
      else {
        pendingFocus.current = added[0] ?? null;
        setMode('form');
      }
    };
  }

  const open = async (which) => {
    setSelected(which);
    if (which === '') {
      setYaml('');
      readForm({});
      setMessages([]);
      return;
    }
    const res = await api('GET', `/api/v1/${kind}/${encodeURIComponent(which)}`);
    if (!res.ok) return setMessages([{ severity: 'error', text: res.data?.error ?? `cannot read ${which}` }]);
    setName(which);
    setYaml(res.data.content);
    readForm(res.data.values);
    show([], []);
  };

  const switchTo = async (next) => {
    if (next === now.current.mode) return;
    if (next === 'yaml') {
      setYaml(currentText());
    } else {
      const res = await api('POST', `/api/v1/${kind}/${encodeURIComponent(docName())}/check`, { content: now.current.yaml });
      if (!res.ok || !res.data.values) return setMessages([{ severity: 'error', text: 'the YAML does not parse as a document; fix it before going back to the form' }]);
      readForm(res.data.values);
    }
    now.current = { ...now.current, mode: next };
    setMode(next);
    schedule();
  };

  const save = async () => {
    if (!nameInput.current.reportValidity()) return;
    const target = now.current.name;
    clearTimeout(timer.current);
    seq.current++;
    const res = await api('PUT', `/api/v1/${kind}/${encodeURIComponent(target)}`, { content: currentText(), cluster: clusterCheck() });
    const diagnostics = res.data?.diagnostics ?? [];
    if (!res.ok) return show(diagnostics, [{ severity: 'error', text: res.data?.error ?? `HTTP ${res.status}` }]);
    setYaml(res.data.content);
    await refresh();
    setSelected(target);
    const again = await api('GET', `/api/v1/${kind}/${encodeURIComponent(target)}`);
    if (again.ok && now.current.mode === 'form') readForm(again.data.values);
    show(diagnostics, [{ severity: 'info', text: `saved ${target}` }]);
  };

  const label = inventory ? 'inventory' : 'config';
  return (
    <>
      <h2 id={`h-${kind}`} tabIndex={-1}>
        {inventory ? 'Inventories' : 'Configs'}
      </h2>
      <div class="doc-bar">
        <label>
          Stored{' '}
          <select class="doc-list" aria-label={`Stored ${kind}`} value={selected} onChange={(e) => open(e.currentTarget.value)}>
            <option value="">(new)</option>
            {stored.map((n) => (
              <option value={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          Name <input class="doc-name" ref={nameInput} name={`${label}-name`} value={name} pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}" required onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        {hasForm && (
          <div class="mode" role="group" aria-label="Edit as">
            <button type="button" class="mode-form" aria-pressed={String(mode === 'form')} onClick={() => switchTo('form')}>
              Form
            </button>
            <button type="button" class="mode-yaml" aria-pressed={String(mode === 'yaml')} onClick={() => switchTo('yaml')}>
              YAML
            </button>
          </div>
        )}
        {!inventory && schema !== null && (
          <label>
            <input
              type="checkbox"
              class="doc-cluster"
              checked={cluster}
              onChange={(e) => {
                setCluster(e.currentTarget.checked);
                schedule();
              }}
            />{' '}
            Cluster config (checked like <code>kplay create cluster -c</code>)
          </label>
        )}
        <button type="button" class="doc-save" onClick={save}>
          Save
        </button>
      </div>
      {!inventory && schema !== null && (
        <p class="form-intro" hidden={mode !== 'form'}>
          Every key the cluster project knows, by section; an empty field keeps the default shown in it. Problems appear beside the field as the CLI reports them.
        </p>
      )}
      {hasForm && (
        <div class="doc-form" hidden={mode !== 'form'}>
          <Island onMount={mount} />
        </div>
      )}
      <label class="block doc-yaml" hidden={mode !== 'yaml'}>
        {inventory ? 'YAML (kind: Inventory; secrets show as ******** and keep their stored values)' : 'YAML (kind: Config)'}
        <textarea
          class="doc-text"
          ref={textarea}
          spellcheck={false}
          rows={18}
          value={yaml}
          onInput={(e) => {
            setYaml(e.currentTarget.value);
            now.current = { ...now.current, yaml: e.currentTarget.value };
            schedule();
          }}
        />
      </label>
      <ul class="messages" role="status" aria-live="polite">
        {messages.map((m) => (
          <li class={m.severity ?? 'info'}>
            {m.text}
            {mode === 'yaml' && m.line !== undefined && (
              <button type="button" onClick={() => caretTo(textarea.current, m.line, m.col)}>
                go to
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
