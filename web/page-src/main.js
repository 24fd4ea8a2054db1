// kplay web: the page's entry (bundled by scripts/build-page.ts into web/page/app.js): the
// navigation and which view is on screen. The views are Preact components (editor-view,
// hosts-view, launch-view, run-view, history-view); the editors' forms are made by builders
// (inventory-form.js, schema-form.js). Every value from the server is put in the document as
// text, never as HTML.
import { h, render } from 'preact';
import { api } from './api.js';
import { EditorView } from './editor-view.jsx';
import { HistoryView } from './history-view.jsx';
import { HostsView } from './hosts-view.jsx';
import { LaunchView } from './launch-view.jsx';
import { RunView } from './run-view.jsx';

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

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
  if (view === 'inventories' || view === 'configs') showEditor(view);
}
// From the navigation, focus moves to the view's heading: the keyboard continues from there and
// a screen reader announces where it is.
for (const b of $$('nav button')) {
  b.addEventListener('click', () => {
    show(b.dataset.view);
    $(`#h-${b.dataset.view}`)?.focus();
  });
}

// ---- editors (editor-view.jsx) -----------------------------------------------------------------
const visits = { inventories: 0, configs: 0 };
/** Set by the inventory editor: host rows from addresses. */
const inventoryControl = {};
/** The cluster config's JSON schema, when this server has the cluster project. */
let configSchema = null;

function showEditor(kind) {
  render(h(EditorView, { kind, schema: kind === 'configs' ? configSchema : null, visit: ++visits[kind], control: kind === 'inventories' ? inventoryControl : undefined }), $(`#view-${kind}`));
}

async function setupForms() {
  const info = await api('GET', '/api/v1/info');
  commands = info.data?.commands ?? [];
  const schema = info.data?.clusterConfig ? await api('GET', '/api/v1/schemas/cluster-config') : { ok: false };
  configSchema = schema.ok ? schema.data : null;
  // Both editors exist from the start, so that edits survive going to other views and back.
  showEditor('configs');
}

// ---- host check (hosts-view.jsx) --------------------------------------------------------------
let hostsVisit = 0;

/** Addresses from the host check become rows of the inventory form. */
function addAddresses(addresses) {
  show('inventories');
  inventoryControl.addAddresses?.(addresses);
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
