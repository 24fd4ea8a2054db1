// kplay web: the page. Plain ES module, no dependencies; every value from the server is put in
// the document as text, never as HTML.

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

/** Every request carries the custom header the server's CSRF check asks for next to the cookie. */
async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { 'x-kplay-request': '1', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  let data = null;
  try { data = await res.json(); } catch { data = null; }
  if (res.status === 401) location.reload();
  return { status: res.status, ok: res.ok, data };
}

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
function show(view) {
  for (const s of $$('main > section')) s.hidden = s.id !== `view-${view}`;
  for (const b of $$('nav button')) {
    if (b.dataset.view === view) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  if (view === 'history') loadHistory();
  if (view === 'launch') fillLaunchLists();
  if (view === 'hosts') fillSelect($('#hosts-inventory'), 'inventories', '');
  if (view === 'inventories' || view === 'configs') refreshList($(`#view-${view}`));
}
for (const b of $$('nav button')) b.addEventListener('click', () => show(b.dataset.view));

// ---- editors ---------------------------------------------------------------------------------
function showMessages(list, items) {
  list.replaceChildren();
  for (const item of items) {
    const li = el('li', { class: item.severity ?? 'info' }, item.text);
    if (item.line !== undefined) li.append(el('button', { type: 'button', onclick: () => item.goto() }, 'go to'));
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
  const kind = section.dataset.kind;
  const messages = $('.messages', section);
  if (name === '') {
    $('.doc-text', section).value = '';
    showMessages(messages, []);
    return;
  }
  const res = await api('GET', `/api/v1/${kind}/${encodeURIComponent(name)}`);
  if (!res.ok) return showMessages(messages, [{ severity: 'error', text: res.data?.error ?? `cannot read ${name}` }]);
  $('.doc-name', section).value = name;
  $('.doc-text', section).value = res.data.content;
  showMessages(messages, []);
}

async function saveDocument(section) {
  const kind = section.dataset.kind;
  const nameInput = $('.doc-name', section);
  const text = $('.doc-text', section);
  const messages = $('.messages', section);
  if (!nameInput.reportValidity()) return;
  const name = nameInput.value;
  const res = await api('PUT', `/api/v1/${kind}/${encodeURIComponent(name)}`, { content: text.value });
  const diags = (res.data?.diagnostics ?? []).map((d) => ({ ...d, goto: () => caretTo(text, d.line, d.col) }));
  if (res.ok) {
    text.value = res.data.content;
    showMessages(messages, [{ severity: 'info', text: `saved ${name}` }, ...diags]);
    await refreshList(section);
    $('.doc-list', section).value = name;
  } else {
    showMessages(messages, [{ severity: 'error', text: res.data?.error ?? `HTTP ${res.status}` }, ...diags]);
  }
}

for (const section of $$('section.editor')) {
  $('.doc-list', section).addEventListener('change', (e) => openDocument(section, e.target.value));
  $('.doc-save', section).addEventListener('click', () => saveDocument(section));
}

// ---- host check ------------------------------------------------------------------------------
async function fillSelect(select, kind, noneLabel) {
  const res = await api('GET', `/api/v1/${kind}`);
  if (!res.ok) return;
  const current = select.value;
  const options = res.data.map((d) => el('option', { value: d.name }, d.name));
  select.replaceChildren(...(noneLabel ? [el('option', { value: '' }, noneLabel)] : []), ...options);
  if (res.data.some((d) => d.name === current)) select.value = current;
  else if (res.data.length > 0) select.value = res.data[0].name;
}

$('#hosts-check').addEventListener('click', async () => {
  const inventory = $('#hosts-inventory').value;
  const status = $('#hosts-status');
  if (!inventory) { status.textContent = 'save an inventory first'; return; }
  status.textContent = `checking the hosts of ${inventory}…`;
  $('#hosts-check').disabled = true;
  const res = await api('POST', '/api/v1/hosts/check', { inventory });
  $('#hosts-check').disabled = false;
  if (!res.ok) {
    status.textContent = res.data?.error ?? `HTTP ${res.status}`;
    showMessages($('#hosts-fixes'), (res.data?.diagnostics ?? []).map((d) => ({ severity: d.severity, text: d.text })));
    return;
  }
  const hosts = res.data.hosts;
  const names = hosts.length > 0 ? Object.keys(hosts[0].checks) : [];
  $('#hosts-table thead').replaceChildren(el('tr', {}, ...['Host', 'Address', 'Connector', ...names].map((n) => el('th', { scope: 'col' }, n))));
  const cls = { pass: 's-ok', fail: 's-failed', skip: 's-skipped' };
  $('#hosts-table tbody').replaceChildren(
    ...hosts.map((h) => el('tr', {}, el('th', { scope: 'row' }, h.host), el('td', {}, h.address), el('td', {}, h.connector),
      ...names.map((n) => el('td', { class: cls[h.checks[n].status] ?? '' }, `${h.checks[n].status} ${h.checks[n].summary}`)))),
  );
  showMessages($('#hosts-fixes'), hosts.flatMap((h) => (h.fixes ?? []).map((f) => ({ severity: 'error', text: `${h.host}: ${f}` }))));
  status.textContent = res.data.exitCode === 0 ? `every check passed on ${hosts.length} host(s)` : `problems found (exit code ${res.data.exitCode})`;
});

$('#ips-list').addEventListener('click', async () => {
  const res = await api('GET', `/api/v1/ips?cidr=${encodeURIComponent($('#ips-cidr').value)}`);
  $('#ips-out').value = res.ok ? res.data.addresses.join('\n') : (res.data?.error ?? `HTTP ${res.status}`);
});

// ---- launcher --------------------------------------------------------------------------------
async function fillLaunchLists() {
  for (const [id, kind] of [['#launch-inventory', 'inventories'], ['#launch-config', 'configs']]) {
    const select = $(id);
    const res = await api('GET', `/api/v1/${kind}`);
    if (!res.ok) continue;
    const current = select.value;
    select.replaceChildren(el('option', { value: '' }, '(none)'), ...res.data.map((d) => el('option', { value: d.name }, d.name)));
    if (res.data.some((d) => d.name === current)) select.value = current;
    else if (res.data.length > 0) select.value = res.data[0].name;
  }
}

function confirmRealRun() {
  const dialog = $('#confirm-real');
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'run'), { once: true });
    dialog.showModal();
  });
}

$('#launch-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.target;
  const messages = $('#launch-messages');
  const what = form.what.value;
  const body = { check: form.check.checked, diff: form.diff.checked };
  if (what === 'playbook') body.playbook = form.playbook.value.trim();
  else body.command = what;
  if (form.inventory.value) body.inventory = form.inventory.value;
  if (form.config.value) body.config = form.config.value;
  const tags = form.tags.value.split(',').map((t) => t.trim()).filter(Boolean);
  if (tags.length > 0) body.tags = tags;
  if (form.limit.value.trim()) body.limit = form.limit.value.trim();
  if (form.extra.value.trim()) {
    try {
      body.extra_vars = JSON.parse(form.extra.value);
    } catch (err) {
      return showMessages(messages, [{ severity: 'error', text: `extra variables: ${err.message}` }]);
    }
  }
  if (!body.check && !(await confirmRealRun())) return;
  const res = await api('POST', '/api/v1/runs', body);
  if (!res.ok) {
    return showMessages(messages, [{ severity: 'error', text: res.data?.error ?? `HTTP ${res.status}` }, ...(res.data?.diagnostics ?? []).map((d) => ({ severity: d.severity, text: d.text }))]);
  }
  showMessages(messages, []);
  openRun(res.data.id);
});

// ---- live run view ---------------------------------------------------------------------------
let stream = null;
let ticker = null;

function openRun(id) {
  show('run');
  if (stream) stream.close();
  if (ticker) clearInterval(ticker);
  const state = { id, hosts: [], tasks: new Map(), order: [], running: null, done: false };
  $('#run-id').textContent = id;
  $('#run-state').textContent = 'starting';
  $('#run-state').className = 'badge';
  $('#run-playbook').textContent = '';
  $('#run-running').textContent = '';
  $('#run-grid thead tr').replaceChildren(el('th', { scope: 'col' }, 'Task'));
  $('#run-grid tbody').replaceChildren();
  $('#run-recap').hidden = true;
  $('#cell-detail').hidden = true;
  $('#run-cancel').disabled = false;
  $('#run-cancel').onclick = async () => {
    const res = await api('DELETE', `/api/v1/runs/${encodeURIComponent(id)}`);
    $('#run-running').textContent = res.ok ? 'cancelling…' : (res.data?.error ?? 'cannot cancel');
  };
  ticker = setInterval(() => {
    if (state.running && !state.done) $('#run-running').textContent = `running: ${state.running.name} (${Math.round((Date.now() - state.running.since) / 1000)} s)`;
  }, 1000);
  stream = new EventSource(`/api/v1/runs/${encodeURIComponent(id)}/events`);
  stream.onmessage = (m) => handleEvent(state, JSON.parse(m.data));
  stream.addEventListener('end', () => {
    stream.close();
    state.done = true;
    $('#run-cancel').disabled = true;
    $('#run-running').textContent = '';
    if ($('#run-state').textContent === 'running') $('#run-state').textContent = 'ended';
  });
}

function addHost(state, host) {
  if (state.hosts.includes(host)) return;
  state.hosts.push(host);
  $('#run-grid thead tr').append(el('th', { scope: 'col' }, host));
  for (const row of $$('#run-grid tbody tr')) row.append(el('td', { class: 'cell' }));
}

function taskKey(task) {
  return `${task.play}\u0000${task.source}\u0000${task.task}`;
}

function taskRow(state, task) {
  const key = taskKey(task);
  let entry = state.tasks.get(key);
  if (!entry) {
    const label = `${task.role ? `${task.role} : ` : ''}${task.task}${task.handler ? ' (handler)' : ''}`;
    const row = el('tr', {}, el('th', { scope: 'row', title: task.source }, label));
    for (let i = 0; i < state.hosts.length; i++) row.append(el('td', { class: 'cell' }));
    $('#run-grid tbody').append(row);
    entry = { row, results: new Map() };
    state.tasks.set(key, entry);
  }
  return entry;
}

function detailText(result) {
  const parts = [`status: ${result.status}`];
  if (result.reason) parts.push(`reason: ${result.reason}`);
  if (result.msg) parts.push(`msg: ${result.msg}`);
  if (result.rc !== undefined) parts.push(`rc: ${result.rc}`);
  if (result.stdout) parts.push(`stdout:\n${result.stdout}`);
  if (result.stderr) parts.push(`stderr:\n${result.stderr}`);
  for (const d of result.diff ?? []) parts.push(`diff ${d.path ?? ''}:\n${d.text}`);
  for (const item of result.items ?? []) parts.push(`item ${JSON.stringify(item.item)}: ${item.status}${item.msg ? ` – ${item.msg}` : ''}`);
  return parts.join('\n');
}

function handleEvent(state, event) {
  switch (event.type) {
    case 'run_start':
      $('#run-state').textContent = 'running';
      $('#run-playbook').textContent = `${event.playbook}${event.check ? ' (check)' : ''}`;
      break;
    case 'play_start':
      for (const h of event.hosts) addHost(state, h);
      break;
    case 'task_start': {
      for (const h of event.hosts) addHost(state, h);
      const entry = taskRow(state, event.task);
      for (const r of $$('#run-grid tr.running')) r.classList.remove('running');
      entry.row.classList.add('running');
      state.running = { name: event.task.task, since: Date.now() };
      break;
    }
    case 'host_result': {
      addHost(state, event.result.host);
      const entry = taskRow(state, event.task);
      const cell = entry.row.children[state.hosts.indexOf(event.result.host) + 1];
      const status = event.result.status;
      cell.className = `cell s-${status}`;
      cell.textContent = status === 'unknown' ? 'unknown ?' : status;
      cell.tabIndex = 0;
      cell.setAttribute('role', 'button');
      cell.setAttribute('aria-label', `${event.task.task} on ${event.result.host}: ${status}`);
      const showDetail = () => {
        const box = $('#cell-detail');
        $('h3', box).textContent = `${event.task.task} on ${event.result.host}`;
        $('pre', box).textContent = detailText(event.result);
        box.hidden = false;
      };
      cell.onclick = showDetail;
      cell.onkeydown = (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); showDetail(); } };
      break;
    }
    case 'task_end':
      for (const r of $$('#run-grid tr.running')) r.classList.remove('running');
      state.running = null;
      break;
    case 'run_end': {
      state.done = true;
      const label = event.exitCode === 130 ? 'interrupted' : event.status;
      $('#run-state').textContent = label;
      $('#run-state').className = `badge s-${event.status === 'succeeded' ? 'ok' : 'failed'}`;
      const body = $('#run-recap tbody');
      body.replaceChildren();
      // Check-mode unknown results have their own count, apart from ok and skipped.
      for (const [host, s] of Object.entries(event.stats)) {
        body.append(el('tr', {}, el('th', { scope: 'row' }, host), ...['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored', 'unknown'].map((k) => el('td', {}, s[k] ?? 0))));
      }
      $('#run-result').textContent = `exit code ${event.exitCode}${event.error ? `: ${event.error}` : ''}`;
      $('#run-recap').hidden = false;
      $('#run-report').onclick = async () => {
        const res = await api('GET', `/api/v1/runs/${encodeURIComponent(state.id)}`);
        if (!res.ok) return;
        const link = el('a', { href: URL.createObjectURL(new Blob([JSON.stringify(res.data, null, 2)], { type: 'application/json' })), download: `kplay-run-${state.id}.json` });
        document.body.append(link);
        link.click();
        link.remove();
        URL.revokeObjectURL(link.href);
      };
      break;
    }
    default:
      break;
  }
}

// ---- history ---------------------------------------------------------------------------------
async function loadHistory() {
  const res = await api('GET', '/api/v1/runs');
  if (!res.ok) return;
  $('#history tbody').replaceChildren(
    ...res.data.map((r) =>
      el('tr', {},
        el('td', {}, new Date(r.started).toLocaleString()),
        el('td', {}, el('button', { type: 'button', onclick: () => openRun(r.id) }, r.id)),
        el('td', {}, r.playbook),
        el('td', {}, r.check ? 'check' : 'real'),
        el('td', { class: r.state === 'succeeded' ? 's-ok' : r.state === 'running' ? '' : 's-failed' }, r.state)),
    ),
  );
}
$('#history-refresh').addEventListener('click', loadHistory);

show('inventories');
