// The run launcher (Preact): a playbook or a cluster command, the stored documents, check/diff,
// tags, limit and extra variables. A real run starts as its own --check --diff first; the run
// view then shows that plan and asks before the real one (main.js, run-view.jsx).
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

function useDocuments(kind, visit) {
  const [names, setNames] = useState([]);
  const [chosen, setChosen] = useState('');
  useEffect(() => {
    api('GET', `/api/v1/${kind}`).then((res) => {
      if (!res.ok) return;
      const list = res.data.map((d) => d.name);
      setNames(list);
      setChosen((current) => (list.includes(current) ? current : (list[0] ?? '')));
    });
  }, [visit]);
  return [names, chosen, setChosen];
}

function Messages({ items }) {
  return (
    <ul class="messages" id="launch-messages" role="status" aria-live="polite">
      {items.map((m) => (
        <li class={m.severity}>{m.text}</li>
      ))}
    </ul>
  );
}

const diagnosticsOf = (res) => [{ severity: 'error', text: res.data?.error ?? `HTTP ${res.status}` }, ...(res.data?.diagnostics ?? []).map((d) => ({ severity: d.severity, text: d.text }))];

/**
 * `visit` changes each time the view is shown (the document lists are read again); `commands`
 * are the cluster commands the server offers; `problems` are messages from elsewhere (a real run
 * refused after its plan); `onStarted(id, realBody)` opens the run view.
 */
export function LaunchView({ visit, commands, problems, onStarted }) {
  const [what, setWhat] = useState('playbook');
  const [playbook, setPlaybook] = useState('');
  const [inventories, inventory, setInventory] = useDocuments('inventories', visit);
  const [configs, config, setConfig] = useDocuments('configs', visit);
  const [check, setCheck] = useState(true);
  const [diff, setDiff] = useState(false);
  const [tags, setTags] = useState('');
  const [limit, setLimit] = useState('');
  const [extra, setExtra] = useState('');
  const [messages, setMessages] = useState([]);
  useEffect(() => setMessages(problems ?? []), [problems]);

  const submit = async (e) => {
    e.preventDefault();
    const body = { check, diff };
    if (what === 'playbook') body.playbook = playbook.trim();
    else body.command = what;
    if (inventory) body.inventory = inventory;
    if (config) body.config = config;
    const tagList = tags.split(',').map((t) => t.trim()).filter(Boolean);
    if (tagList.length > 0) body.tags = tagList;
    if (limit.trim()) body.limit = limit.trim();
    if (extra.trim()) {
      try {
        body.extra_vars = JSON.parse(extra);
      } catch (err) {
        return setMessages([{ severity: 'error', text: `extra variables: ${err.message}` }]);
      }
    }
    const first = body.check ? body : { ...body, check: true, diff: true };
    const res = await api('POST', '/api/v1/runs', first);
    if (!res.ok) return setMessages(diagnosticsOf(res));
    setMessages([]);
    onStarted(res.data.id, body.check ? undefined : body);
  };

  const radio = (value, label) => (
    <label>
      <input type="radio" name="what" value={value} checked={what === value} onChange={() => setWhat(value)} /> {label}
    </label>
  );
  const select = (id, name, names, value, set) => (
    <select name={name} id={id} value={value} onChange={(e) => set(e.currentTarget.value)}>
      <option value="">(none)</option>
      {names.map((n) => (
        <option value={n}>{n}</option>
      ))}
    </select>
  );
  const text = (set) => (e) => set(e.currentTarget.value);

  return (
    <>
      <h2 id="h-launch" tabIndex={-1}>
        Start a run
      </h2>
      <form id="launch-form" onSubmit={submit}>
        <fieldset>
          <legend>What</legend>
          {radio('playbook', 'Playbook')}
          {commands.includes('create-cluster') && radio('create-cluster', 'create cluster')}
          {commands.includes('precheck') && radio('precheck', 'precheck')}
          <label class="block">
            Playbook (path in the project) <input name="playbook" id="launch-playbook" placeholder="site.yaml" value={playbook} onInput={text(setPlaybook)} />
          </label>
        </fieldset>
        <div class="row">
          <label>Inventory {select('launch-inventory', 'inventory', inventories, inventory, setInventory)}</label>
          <label>Config {select('launch-config', 'config', configs, config, setConfig)}</label>
        </div>
        <div class="row">
          <label>
            <input type="checkbox" name="check" id="launch-check" checked={check} onChange={(e) => setCheck(e.currentTarget.checked)} aria-describedby="launch-check-help" /> Check (dry run)
          </label>
          <small id="launch-check-help" class="help">
            Without it, the same run goes first as a <code>--check</code>: you see its plan, then confirm.
          </small>
          <label>
            <input type="checkbox" name="diff" id="launch-diff" checked={diff} onChange={(e) => setDiff(e.currentTarget.checked)} /> Diff
          </label>
        </div>
        <div class="row">
          <label>
            Tags <input name="tags" placeholder="install,etcd" value={tags} onInput={text(setTags)} />
          </label>
          <label>
            Limit <input name="limit" placeholder="web:!web3" value={limit} onInput={text(setLimit)} />
          </label>
        </div>
        <label class="block">
          Extra variables (JSON object) <textarea name="extra" rows={3} spellcheck={false} placeholder='{"version": "1.2.3"}' value={extra} onInput={text(setExtra)} />
        </label>
        <button type="submit" id="launch-start">
          Start
        </button>
        <Messages items={messages} />
      </form>
    </>
  );
}
