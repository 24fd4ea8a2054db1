// kplay web: the page's entry (bundled by scripts/build-page.ts into web/page/app.js). The run
// view, the history, the host check and the launcher are Preact components; the inventory and
// config editors are DOM code around the form builders (inventory-form.js, schema-form.js).
// Every value from the server is put in the document as text, never as HTML.
import { h, render } from 'preact';
import { api } from './api.js';
import { HistoryView } from './history-view.jsx';
import { HostsView } from './hosts-view.jsx';
import { LaunchView } from './launch-view.jsx';
import { buildInventoryForm } from './inventory-form.js';
import { RunView } from './run-view.jsx';
import { buildSchemaForm } from './schema-form.js';
import { fieldFor, toYaml } from './yaml-emit.js';

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

// ---- navigation ------------------------------------------------------------------------------
function show(view, problems) {
  for (const s of $$('main > section')) s.hidden = s.id !== `view-${view}`;
  for (const b of $$('nav button')) {
    if (b.dataset.view === view) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  // A new key remounts the history, which loads it again.
  if (view === 'history') render(h(HistoryView, { key: Date.now(), onOpen: (id) => openRun(id) }), $('#view-history'));
  if (view === 'launch') showLauncher(problems ?? []);
  if (view === 'hosts') render(h(HostsView, { visit: ++hostsVisit, onAddAddresses: addAddresses }), $('#view-hosts'));
  if (view === 'inventories' || view === 'configs') refreshList($(`#view-${view}`));
}
// From the navigation, focus moves to the view's heading: the keyboard continues from there and
// a screen reader announces where it is.
for (const b of $$('nav button')) {
  b.addEventListener('click', () => {
    show(b.dataset.view);
    $(`#h-${b.dataset.view}`)?.focus();
  });
}

// ---- editors ---------------------------------------------------------------------------------
// Each editor has a form (inventory-form.js; for configs, generated from the cluster config's
// JSON schema by schema-form.js) and the YAML text; both write the same document, checked by
// the server as the CLI checks it while typing, and stored only when valid.
function showMessages(list, items) {
  list.replaceChildren();
  for (const item of items) {
    const li = el('li', { class: item.severity ?? 'info' }, item.text);
    if (item.line !== undefined && item.goto) li.append(el('button', { type: 'button', onclick: () => item.goto() }, 'go to'));
    list.append(li);
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

const editors = new Map();

function editorOf(section) {
  let ed = editors.get(section);
  if (!ed) {
    ed = { section, kind: section.dataset.kind, mode: 'yaml', form: null, paths: [], timer: null, seq: 0 };
    editors.set(section, ed);
  }
  return ed;
}

async function setupForms() {
  const inv = editorOf($('#view-inventories'));
  inv.form = buildInventoryForm($('.doc-form', inv.section), el, () => scheduleCheck(inv));
  inv.form.read({});
  inv.toDocument = () => inv.form.write();
  const cfg = editorOf($('#view-configs'));
  const info = await api('GET', '/api/v1/info');
  commands = info.data?.commands ?? [];
  const schema = info.data?.clusterConfig ? await api('GET', '/api/v1/schemas/cluster-config') : { ok: false };
  if (schema.ok) {
    cfg.form = buildSchemaForm($('.doc-form', cfg.section), schema.data, ['spec'], el);
    cfg.form.read({});
    cfg.loaded = {};
    cfg.toDocument = () => {
      const doc = cfg.form.write(structuredClone(cfg.loaded ?? {}));
      doc.apiVersion ??= 'kubekey.kubesphere.io/v1';
      doc.kind = 'Config';
      doc.spec ??= {};
      return doc;
    };
  } else {
    // No cluster project in this server: configs are YAML only.
    for (const n of $$('.mode, .doc-cluster, .form-intro', cfg.section)) (n.closest('label') ?? n).hidden = true;
  }
  for (const ed of [inv, cfg]) setMode(ed, ed.form ? 'form' : 'yaml', false);
}

function clusterChecked(ed) {
  if (ed.kind !== 'configs' || !ed.form) return false;
  return ed.mode === 'form' || $('.doc-cluster', ed.section).checked;
}

/** The document's text as it stands in the current mode. */
function currentText(ed) {
  if (ed.mode === 'yaml') return $('.doc-text', ed.section).value;
  const emitted = toYaml(ed.toDocument());
  ed.paths = emitted.paths;
  return emitted.text;
}

async function setMode(ed, mode, convert = true) {
  const section = ed.section;
  if (convert && mode !== ed.mode) {
    if (mode === 'yaml') {
      $('.doc-text', section).value = currentText(ed);
    } else {
      const res = await api('POST', `/api/v1/${ed.kind}/${encodeURIComponent(docName(ed))}/check`, { content: $('.doc-text', section).value });
      if (!res.ok || !res.data.values) {
        showMessages($('.messages', section), [{ severity: 'error', text: 'the YAML does not parse as a document; fix it before going back to the form' }]);
        return;
      }
      readForm(ed, res.data.values);
    }
  }
  ed.mode = mode;
  $('.doc-form', section).hidden = mode !== 'form';
  $('.doc-yaml', section).hidden = mode !== 'yaml';
  for (const b of $$('.mode button', section)) b.setAttribute('aria-pressed', String(b.classList.contains(`mode-${mode}`)));
  if (convert) scheduleCheck(ed);
}

function readForm(ed, values) {
  if (!ed.form) return;
  ed.loaded = values ?? {};
  ed.form.read(values ?? {});
}

function docName(ed) {
  const name = $('.doc-name', ed.section).value;
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name) ? name : ed.kind === 'inventories' ? 'inventory' : 'config';
}

function scheduleCheck(ed) {
  clearTimeout(ed.timer);
  ed.timer = setTimeout(() => checkNow(ed), 400);
}

/** Asks the server what storing this text would report; shows it beside the fields. */
async function checkNow(ed) {
  const seq = ++ed.seq;
  const content = currentText(ed);
  const res = await api('POST', `/api/v1/${ed.kind}/${encodeURIComponent(docName(ed))}/check`, { content, cluster: clusterChecked(ed) });
  if (seq !== ed.seq || !res.ok) return;
  showDiagnostics(ed, res.data.diagnostics, []);
}

function showDiagnostics(ed, diagnostics, head) {
  const section = ed.section;
  const text = $('.doc-text', section);
  for (const f of $$('.field-error', section)) f.textContent = '';
  for (const f of $$('[aria-invalid]', section)) f.removeAttribute('aria-invalid');
  for (const d of diagnostics) {
    if (ed.mode !== 'form' || !ed.form) continue;
    const path = ed.paths[d.line - 1];
    const field = path ? fieldFor(ed.form.fields, path) : undefined;
    if (!field) continue;
    if (field.tagName === 'DETAILS') field.open = true;
    for (let p = field.parentElement; p; p = p.parentElement) if (p.tagName === 'DETAILS') p.open = true;
    const slot = field.querySelector('.field-error');
    if (slot) slot.textContent = slot.textContent ? `${slot.textContent}\n${d.text}` : d.text;
    const control = field.querySelector('input, select, textarea');
    if (control) control.setAttribute('aria-invalid', 'true');
  }
  showMessages($('.messages', section), [...head, ...diagnostics.map((d) => ({ ...d, goto: ed.mode === 'yaml' ? () => caretTo(text, d.line, d.col) : undefined }))]);
}

async function refreshList(section) {
  const kind = section.dataset.kind;
  const select = $('.doc-list', section);
  const res = await api('GET', `/api/v1/${kind}`);
  if (!res.ok) return;
  const current = select.value;
  select.replaceChildren(el('option', { value: '' }, '(new)'), ...res.data.map((d) => el('option', { value: d.name }, d.name)));
  if (res.data.some((d) => d.name === current)) select.value = current;
}

async function openDocument(section, name) {
  const ed = editorOf(section);
  const kind = section.dataset.kind;
  const messages = $('.messages', section);
  if (name === '') {
    $('.doc-text', section).value = '';
    readForm(ed, {});
    showMessages(messages, []);
    return;
  }
  const res = await api('GET', `/api/v1/${kind}/${encodeURIComponent(name)}`);
  if (!res.ok) return showMessages(messages, [{ severity: 'error', text: res.data?.error ?? `cannot read ${name}` }]);
  $('.doc-name', section).value = name;
  $('.doc-text', section).value = res.data.content;
  readForm(ed, res.data.values);
  showMessages(messages, []);
}

async function saveDocument(section) {
  const ed = editorOf(section);
  const kind = section.dataset.kind;
  const nameInput = $('.doc-name', section);
  const text = $('.doc-text', section);
  if (!nameInput.reportValidity()) return;
  const name = nameInput.value;
  clearTimeout(ed.timer);
  ed.seq++;
  const res = await api('PUT', `/api/v1/${kind}/${encodeURIComponent(name)}`, { content: currentText(ed), cluster: clusterChecked(ed) });
  const diags = res.data?.diagnostics ?? [];
  if (res.ok) {
    text.value = res.data.content;
    await refreshList(section);
    $('.doc-list', section).value = name;
    const again = await api('GET', `/api/v1/${kind}/${encodeURIComponent(name)}`);
    if (again.ok && ed.mode === 'form') readForm(ed, again.data.values);
    showDiagnostics(ed, diags, [{ severity: 'info', text: `saved ${name}` }]);
  } else {
    showDiagnostics(ed, diags, [{ severity: 'error', text: res.data?.error ?? `HTTP ${res.status}` }]);
  }
}

for (const section of $$('section.editor')) {
  const ed = editorOf(section);
  $('.doc-list', section).addEventListener('change', (e) => openDocument(section, e.target.value));
  $('.doc-save', section).addEventListener('click', () => saveDocument(section));
  $('.mode-form', section).addEventListener('click', () => setMode(ed, 'form'));
  $('.mode-yaml', section).addEventListener('click', () => setMode(ed, 'yaml'));
  $('.doc-form', section).addEventListener('input', () => scheduleCheck(ed));
  $('.doc-form', section).addEventListener('change', () => scheduleCheck(ed));
  $('.doc-text', section).addEventListener('input', () => scheduleCheck(ed));
  $('.doc-cluster', section)?.addEventListener('change', () => scheduleCheck(ed));
}

// ---- host check (hosts-view.jsx) --------------------------------------------------------------
let hostsVisit = 0;

/** Addresses from the host check become rows of the inventory form. */
function addAddresses(addresses) {
  const inv = editorOf($('#view-inventories'));
  if (!inv.form) return;
  if (inv.mode !== 'form') setMode(inv, 'form', false);
  const added = inv.form.addAddresses(addresses);
  show('inventories');
  scheduleCheck(inv);
  added[0]?.focus();
}

// ---- launcher (launch-view.jsx) ----------------------------------------------------------------
let launchVisit = 0;
let commands = [];

function showLauncher(problems) {
  render(h(LaunchView, { visit: ++launchVisit, commands, problems, onStarted: (id, planFor) => openRun(id, planFor) }), $('#view-launch'));
}

function confirmRealRun() {
  const dialog = $('#confirm-real');
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'run'), { once: true });
    dialog.showModal();
  });
}

/** After the plan's recap: confirmed, the same run for real. */
async function applyPlan(body) {
  if (!(await confirmRealRun())) return;
  const res = await api('POST', '/api/v1/runs', body);
  if (!res.ok) {
    // Something changed since the plan (a document, a file): the launcher says what.
    show('launch', [{ severity: 'error', text: res.data?.error ?? `HTTP ${res.status}` }, ...(res.data?.diagnostics ?? []).map((d) => ({ severity: d.severity, text: d.text }))]);
    return;
  }
  openRun(res.data.id);
}

// ---- live run view (run-view.jsx) -------------------------------------------------------------
function openRun(id, planFor) {
  show('run');
  render(h(RunView, { key: `${id}${planFor ? ':plan' : ''}`, id, planFor, onApply: applyPlan }), $('#view-run'));
}

setupForms().then(() => show('inventories'));
