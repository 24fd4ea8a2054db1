// The host check (Preact): what `kplay doctor` reports per host of a stored inventory, with the
// fixes; and the addresses of a network, which can become host rows of the inventory form.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';

const CHECK_CLASS = { pass: 's-ok', fail: 's-failed', skip: 's-skipped' };

function Messages({ id, items }) {
  return (
    <ul class="messages" id={id}>
      {items.map((m) => (
        <li class={m.severity}>{m.text}</li>
      ))}
    </ul>
  );
}

/** `visit` changes each time the view is shown: the list of inventories is read again. */
export function HostsView({ visit, onAddAddresses }) {
  const [inventories, setInventories] = useState([]);
  const [inventory, setInventory] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [report, setReport] = useState(null);
  const [fixes, setFixes] = useState([]);
  const [cidr, setCidr] = useState('');
  const [addresses, setAddresses] = useState({ ok: false, text: '' });
  const out = useRef(null);

  useEffect(() => {
    api('GET', '/api/v1/inventories').then((res) => {
      if (!res.ok) return;
      const names = res.data.map((d) => d.name);
      setInventories(names);
      setInventory((current) => (names.includes(current) ? current : (names[0] ?? '')));
    });
  }, [visit]);

  const check = async () => {
    if (!inventory) return setStatus('save an inventory first');
    setStatus(`checking the hosts of ${inventory}…`);
    setBusy(true);
    const res = await api('POST', '/api/v1/hosts/check', { inventory });
    setBusy(false);
    if (!res.ok) {
      setStatus(res.data?.error ?? `HTTP ${res.status}`);
      setReport(null);
      setFixes((res.data?.diagnostics ?? []).map((d) => ({ severity: d.severity, text: d.text })));
      return;
    }
    const hosts = res.data.hosts;
    setReport({ hosts, names: hosts.length > 0 ? Object.keys(hosts[0].checks) : [] });
    setFixes(hosts.flatMap((h) => (h.fixes ?? []).map((f) => ({ severity: 'error', text: `${h.host}: ${f}` }))));
    setStatus(res.data.exitCode === 0 ? `every check passed on ${hosts.length} host(s)` : `problems found (exit code ${res.data.exitCode})`);
  };

  const list = async () => {
    const res = await api('GET', `/api/v1/ips?cidr=${encodeURIComponent(cidr)}`);
    setAddresses(res.ok ? { ok: true, text: res.data.addresses.join('\n') } : { ok: false, text: res.data?.error ?? `HTTP ${res.status}` });
  };

  // The selected lines, or all of them.
  const add = () => {
    const area = out.current;
    const picked = area.value.slice(area.selectionStart, area.selectionEnd).trim() || area.value;
    const chosen = picked.split('\n').map((a) => a.trim()).filter((a) => /^[0-9a-fA-F.:]+$/.test(a));
    if (chosen.length > 0) onAddAddresses(chosen);
  };

  return (
    <>
      <h2 id="h-hosts" tabIndex={-1}>
        Host check
      </h2>
      <p>
        What <code>kplay doctor</code> reports for every host: connection, host key, authentication, shell, sudo, /tmp space.
      </p>
      <div class="row">
        <label>
          Inventory{' '}
          <select id="hosts-inventory" value={inventory} onChange={(e) => setInventory(e.currentTarget.value)}>
            {inventories.map((n) => (
              <option value={n}>{n}</option>
            ))}
          </select>
        </label>
        <button type="button" id="hosts-check" disabled={busy} onClick={check}>
          Check hosts
        </button>
      </div>
      <p id="hosts-status" role="status" aria-live="polite">
        {status}
      </p>
      <div class="grid-wrap">
        <table id="hosts-table">
          <thead>
            {report && (
              <tr>
                {['Host', 'Address', 'Connector', ...report.names].map((n) => (
                  <th scope="col">{n}</th>
                ))}
              </tr>
            )}
          </thead>
          <tbody>
            {report?.hosts.map((h) => (
              <tr>
                <th scope="row">{h.host}</th>
                <td>{h.address}</td>
                <td>{h.connector}</td>
                {report.names.map((n) => (
                  <td class={CHECK_CLASS[h.checks[n].status]}>{`${h.checks[n].status} ${h.checks[n].summary}`}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Messages id="hosts-fixes" items={fixes} />
      <h3>Addresses of a network</h3>
      <div class="row">
        <label>
          CIDR <input id="ips-cidr" placeholder="192.168.1.0/24 or fd00::/120" value={cidr} onInput={(e) => setCidr(e.currentTarget.value)} />
        </label>
        <button type="button" id="ips-list" onClick={list}>
          List addresses
        </button>
      </div>
      <label class="block">
        Addresses <textarea id="ips-out" ref={out} rows={4} readOnly spellcheck={false} value={addresses.text} />
      </label>
      <button type="button" id="ips-add" disabled={!addresses.ok} onClick={add}>
        Add to the inventory form
      </button>{' '}
      <small class="help">the selected lines, or all of them</small>
    </>
  );
}
