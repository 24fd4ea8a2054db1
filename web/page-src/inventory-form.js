// The inventory as a form: connection settings every host shares (spec.vars.connector), one row
// per host (name, address, internal address, the cluster roles it plays) and the cluster
// project's groups written from those roles. Whatever else a stored inventory holds (other
// variables, other groups) is kept as it is.

import { getIn, setIn } from './yaml-emit.js';

/** The groups of the cluster project a host can be put in from the form (docs/cluster.md). */
export const ROLES = [
  { group: 'kube_control_plane', label: 'control plane' },
  { group: 'kube_worker', label: 'worker' },
  { group: 'etcd', label: 'etcd' },
];

const SHARED = [
  { key: 'type', label: 'Connector', options: ['', 'ssh', 'local'] },
  { key: 'user', label: 'User', placeholder: 'root' },
  { key: 'port', label: 'Port', placeholder: '22', numeric: true },
  { key: 'private_key', label: 'Private key (path on this machine)', placeholder: '~/.ssh/id_ed25519' },
  { key: 'password', label: 'Password', secret: true },
];

let serial = 0;

export function buildInventoryForm(root, el, onChange) {
  const fields = new Map();
  let hostRows = [];
  let loaded = {};

  const sharedInputs = SHARED.map((s) => {
    const id = `inv-shared-${s.key}`;
    const control = s.options
      ? el('select', { id }, ...s.options.map((o) => el('option', { value: o }, o === '' ? '(by address)' : o)))
      : el('input', { id, autocomplete: 'off', ...(s.secret ? { type: 'password' } : {}), ...(s.placeholder ? { placeholder: s.placeholder } : {}) });
    const wrap = el('div', { class: 'field', 'data-path': JSON.stringify(['spec', 'vars', 'connector', s.key]) }, el('label', { for: id }, s.label), control, el('p', { class: 'field-error', 'aria-live': 'polite' }));
    fields.set(wrap.dataset.path, wrap);
    return { ...s, control, wrap };
  });

  const tbody = el('tbody');
  const table = el('table', { class: 'hosts-form' },
    el('caption', { class: 'sr-only' }, 'Hosts'),
    el('thead', {}, el('tr', {}, ...['Name', 'Address', 'Internal IPv4', ...ROLES.map((r) => r.label), ''].map((h) => el('th', { scope: 'col' }, h)))),
    tbody);
  const addButton = el('button', { type: 'button', class: 'inv-add' }, 'Add host');

  root.append(
    el('fieldset', {}, el('legend', {}, 'Connection (every host; a host\'s own settings win)'), el('div', { class: 'row' }, ...sharedInputs.map((s) => s.wrap))),
    el('fieldset', {}, el('legend', {}, 'Hosts and their cluster roles'), el('div', { class: 'grid-wrap' }, table), addButton),
  );

  // Labels name rows by position ("host 2 address"), kept right as rows come and go.
  const renumber = () => {
    hostRows.forEach((row, i) => {
      const n = i + 1;
      row.name.setAttribute('aria-label', `host ${n} name`);
      row.address.setAttribute('aria-label', `host ${n} address`);
      row.internal.setAttribute('aria-label', `host ${n} internal IPv4`);
      ROLES.forEach((r, j) => row.roles[j].setAttribute('aria-label', `host ${n} ${r.label}`));
      row.remove.setAttribute('aria-label', `remove host ${n}`);
    });
  };

  const addRow = (host = {}) => {
    const n = ++serial;
    const input = (name, label, value, extra = {}) => el('input', { name, 'aria-label': label, value: value ?? '', autocomplete: 'off', ...extra });
    const row = {
      original: host.name,
      vars: host.vars ?? {},
      name: input(`host-${n}-name`, `host ${n} name`, host.name, { class: 'inv-name', placeholder: 'node1' }),
      address: input(`host-${n}-address`, `host ${n} address`, getIn(host.vars ?? {}, ['connector', 'host']), { class: 'inv-address', placeholder: '192.168.0.11' }),
      internal: input(`host-${n}-internal`, `host ${n} internal IPv4`, getIn(host.vars ?? {}, ['internal_ipv4']), { class: 'inv-internal', placeholder: 'same as address' }),
      roles: ROLES.map((r) => el('input', { type: 'checkbox', class: `inv-role-${r.group}`, 'aria-label': `host ${n} ${r.label}`, ...((host.groups ?? []).includes(r.group) ? { checked: '' } : {}) })),
      error: el('p', { class: 'field-error', 'aria-live': 'polite' }),
    };
    const remove = el('button', { type: 'button' }, 'Remove');
    row.remove = remove;
    row.tr = el('tr', {},
      el('td', {}, row.name, row.error), el('td', {}, row.address), el('td', {}, row.internal),
      ...row.roles.map((c) => el('td', { class: 'center' }, c)), el('td', {}, remove));
    remove.addEventListener('click', () => {
      hostRows = hostRows.filter((r) => r !== row);
      row.tr.remove();
      renumber();
      onChange();
    });
    hostRows.push(row);
    tbody.append(row.tr);
    renumber();
    return row;
  };
  addButton.addEventListener('click', () => {
    const row = addRow();
    row.name.focus();
    onChange();
  });

  return {
    fields,
    rows: () => hostRows,
    /** New rows for these addresses (empty rows are filled first); returns their name inputs. */
    addAddresses(addresses) {
      const names = new Set(hostRows.map((r) => r.name.value.trim()));
      const free = hostRows.filter((r) => r.name.value.trim() === '' && r.address.value.trim() === '');
      const out = [];
      let n = hostRows.filter((r) => r.name.value.trim() !== '').length;
      for (const address of addresses) {
        let name;
        do name = `node${++n}`; while (names.has(name));
        names.add(name);
        const row = free.shift() ?? addRow();
        row.name.value = name;
        row.address.value = address;
        out.push(row.name);
      }
      return out;
    },
    read(values) {
      loaded = values ?? {};
      for (const s of sharedInputs) {
        const v = getIn(loaded, ['spec', 'vars', 'connector', s.key]);
        s.control.value = v === undefined || v === null ? '' : String(v);
      }
      tbody.replaceChildren();
      hostRows = [];
      const groups = getIn(loaded, ['spec', 'groups']) ?? {};
      for (const [name, vars] of Object.entries(getIn(loaded, ['spec', 'hosts']) ?? {})) {
        addRow({ name, vars: vars ?? {}, groups: ROLES.map((r) => r.group).filter((g) => (groups[g]?.hosts ?? []).includes(name)) });
      }
      if (hostRows.length === 0) addRow();
    },
    /** The inventory: the loaded document with the form's parts written over it. */
    write() {
      const doc = structuredClone(loaded);
      doc.apiVersion ??= 'kubekey.kubesphere.io/v1';
      doc.kind = 'Inventory';
      doc.metadata ??= { name: 'inventory' };
      for (const s of sharedInputs) {
        const raw = s.control.value.trim();
        setIn(doc, ['spec', 'vars', 'connector', s.key], raw === '' ? undefined : s.numeric && /^\d+$/.test(raw) ? Number(raw) : s.control.value);
      }
      const hosts = {};
      const members = Object.fromEntries(ROLES.map((r) => [r.group, []]));
      for (const row of hostRows) {
        const name = row.name.value.trim();
        row.tr.dataset.path = JSON.stringify(['spec', 'hosts', name]);
        if (name === '') continue;
        fields.set(row.tr.dataset.path, row.tr);
        const vars = structuredClone(row.vars);
        setIn(vars, ['connector', 'host'], row.address.value.trim() === '' ? undefined : row.address.value.trim());
        const internal = row.internal.value.trim() || row.address.value.trim();
        setIn(vars, ['internal_ipv4'], internal === '' ? undefined : internal);
        hosts[name] = vars;
        ROLES.forEach((r, i) => { if (row.roles[i].checked) members[r.group].push(name); });
      }
      setIn(doc, ['spec', 'hosts'], hosts);
      const groups = { ...(getIn(doc, ['spec', 'groups']) ?? {}) };
      for (const r of ROLES) {
        if (members[r.group].length > 0) groups[r.group] = { ...(groups[r.group] ?? {}), hosts: members[r.group] };
        else if (groups[r.group]) delete groups[r.group].hosts;
        if (groups[r.group] && Object.keys(groups[r.group]).length === 0) delete groups[r.group];
      }
      // k8s_cluster is every Kubernetes node: the parent of the control plane and the workers.
      if (members.kube_control_plane.length + members.kube_worker.length > 0) {
        const parents = ['kube_control_plane', 'kube_worker'].filter((g) => groups[g] !== undefined);
        groups.k8s_cluster = { ...(groups.k8s_cluster ?? {}), groups: [...new Set([...(groups.k8s_cluster?.groups ?? []), ...parents])] };
      }
      setIn(doc, ['spec', 'groups'], Object.keys(groups).length > 0 ? groups : undefined);
      return doc;
    },
  };
}
