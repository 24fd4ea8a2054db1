// The live run view (Preact): the run's events from its SSE stream folded into a tasks × hosts
// grid, the running task with its elapsed time, a cell's detail (its diff lines marked), the
// recap with the report download, cancel, and — for the --check run a real run starts with —
// the plan and the way on to the real run.
import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { api, download } from './api.js';

// Check-mode unknown results have their own count, apart from ok and skipped (docs/cli.md#unknown-values-in-check-mode).
const STATS = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored', 'unknown'];

const initial = { started: null, hosts: [], tasks: [], byKey: {}, running: null, end: null, streamEnded: false };

function taskKey(task) {
  return `${task.play}\u0000${task.source}\u0000${task.task}`;
}

function withHosts(state, hosts) {
  const add = hosts.filter((h) => !state.hosts.includes(h));
  return add.length === 0 ? state : { ...state, hosts: [...state.hosts, ...add] };
}

function withTask(state, task) {
  const key = taskKey(task);
  if (state.byKey[key] !== undefined) return state;
  return { ...state, byKey: { ...state.byKey, [key]: state.tasks.length }, tasks: [...state.tasks, { key, task, results: {} }] };
}

/** One event of `--output json` applied to the view's state. */
function reduce(state, action) {
  if (action.type === 'stream_end') return { ...state, streamEnded: true, running: null };
  if (action.type === 'tick') return { ...state, now: action.now };
  const event = action.event;
  switch (event.type) {
    case 'run_start':
      return { ...state, started: event };
    case 'play_start':
      return withHosts(state, event.hosts);
    case 'task_start': {
      const next = withTask(withHosts(state, event.hosts), event.task);
      return { ...next, running: { key: taskKey(event.task), name: event.task.task, since: Date.now() } };
    }
    case 'host_result': {
      const next = withTask(withHosts(state, [event.result.host]), event.task);
      const i = next.byKey[taskKey(event.task)];
      const tasks = next.tasks.slice();
      tasks[i] = { ...tasks[i], results: { ...tasks[i].results, [event.result.host]: event.result } };
      return { ...next, tasks };
    }
    case 'task_end':
      return { ...state, running: null };
    case 'run_end':
      return { ...state, end: event, running: null };
    default:
      return state;
  }
}

/** A result's detail as lines; those of a diff are marked so additions and removals stand out. */
function detailLines(result) {
  const parts = [`status: ${result.status}`];
  if (result.reason) parts.push(`reason: ${result.reason}`);
  if (result.msg) parts.push(`msg: ${result.msg}`);
  if (result.rc !== undefined) parts.push(`rc: ${result.rc}`);
  if (result.stdout) parts.push(`stdout:\n${result.stdout}`);
  if (result.stderr) parts.push(`stderr:\n${result.stderr}`);
  const lines = parts.join('\n').split('\n').map((text) => ({ text, cls: '' }));
  for (const d of result.diff ?? []) {
    lines.push({ text: `diff ${d.path ?? ''}:`, cls: '' });
    for (const text of d.text.replace(/\n$/, '').split('\n')) {
      const cls = /^\+(?!\+\+ )/.test(text) ? 'd-add' : /^-(?!-- )/.test(text) ? 'd-del' : /^@@/.test(text) ? 'd-hunk' : '';
      lines.push({ text, cls });
    }
  }
  for (const item of result.items ?? []) lines.push({ text: `item ${JSON.stringify(item.item)}: ${item.status}${item.msg ? ` – ${item.msg}` : ''}`, cls: '' });
  return lines;
}

function Cell({ task, host, result, onOpen }) {
  if (!result) return <td class="cell" />;
  const withDiff = (result.diff ?? []).length > 0;
  const open = () => onOpen({ task: task.task, host, result });
  return (
    <td
      class={`cell s-${result.status}${withDiff ? ' has-diff' : ''}`}
      tabIndex={0}
      role="button"
      aria-label={`${task.task} on ${host}: ${result.status}${withDiff ? ', with a diff' : ''}`}
      onClick={open}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open();
        }
      }}
    >
      {`${result.status === 'unknown' ? 'unknown ?' : result.status}${withDiff ? ' ±' : ''}`}
    </td>
  );
}

function Plan({ state, planFor, onApply }) {
  const [dropped, setDropped] = useState(false);
  const apply = useRef(null);
  // Once, when the plan is there: the next step is one key away.
  useEffect(() => apply.current?.focus(), []);
  if (dropped) return null;
  const results = state.tasks.flatMap((t) => Object.values(t.results));
  const ok = state.end.exitCode === 0;
  const changed = results.filter((r) => r.status === 'changed').length;
  const unknown = results.filter((r) => r.status === 'unknown').length;
  return (
    <section id="plan-box" class="plan" aria-live="polite">
      <h3>The plan</h3>
      <p id="plan-text">
        {ok
          ? `This was a --check run: nothing was changed. Run for real, it would change ${changed} task result(s) across ${state.hosts.length} host(s); ${unknown} result(s) cannot be known before they run (unknown). Click a cell for its diff.`
          : `The --check run did not succeed (exit code ${state.end.exitCode}); fix what it reports before running for real.`}
      </p>
      {ok && (
        <button type="button" id="plan-apply" ref={apply} onClick={() => onApply(planFor)}>
          Run for real…
        </button>
      )}{' '}
      <button type="button" id="plan-drop" onClick={() => setDropped(true)}>
        Not now
      </button>
    </section>
  );
}

export function RunView({ id, planFor, onApply }) {
  const [state, dispatch] = useReducer(reduce, initial);
  const [detail, setDetail] = useState(null);
  const [note, setNote] = useState('');

  useEffect(() => {
    const stream = new EventSource(`/api/v1/runs/${encodeURIComponent(id)}/events`);
    stream.onmessage = (m) => dispatch({ type: 'event', event: JSON.parse(m.data) });
    stream.addEventListener('end', () => {
      stream.close();
      dispatch({ type: 'stream_end' });
    });
    return () => stream.close();
  }, [id]);

  // The running task's elapsed time.
  useEffect(() => {
    if (!state.running) return undefined;
    const timer = setInterval(() => dispatch({ type: 'tick', now: Date.now() }), 1000);
    return () => clearInterval(timer);
  }, [state.running?.key]);

  const done = state.end !== null || state.streamEnded;
  const badge = state.end ? (state.end.exitCode === 130 ? 'interrupted' : state.end.status) : state.streamEnded ? 'ended' : state.started ? 'running' : 'starting';
  const cancel = async () => {
    const res = await api('DELETE', `/api/v1/runs/${encodeURIComponent(id)}`);
    setNote(res.ok ? 'cancelling…' : (res.data?.error ?? 'cannot cancel'));
  };
  const report = async () => {
    const res = await api('GET', `/api/v1/runs/${encodeURIComponent(id)}`);
    if (res.ok) download(res.data, `kplay-run-${id}.json`);
  };
  const running = state.running && !done ? `running: ${state.running.name} (${Math.round(((state.now ?? Date.now()) - state.running.since) / 1000)} s)` : done ? '' : note;

  return (
    <>
      <h2 id="h-run" tabIndex={-1}>
        {planFor ? 'Plan (--check) of run ' : 'Run '}
        <span id="run-id">{id}</span>
      </h2>
      <p>
        <span id="run-state" class={`badge${state.end ? ` s-${state.end.status === 'succeeded' ? 'ok' : 'failed'}` : ''}`}>{badge}</span>{' '}
        <span id="run-playbook">{state.started ? `${state.started.playbook}${state.started.check ? ' (check)' : ''}` : ''}</span>{' '}
        <span id="run-running" aria-live="polite">{running}</span>{' '}
        <button type="button" id="run-cancel" disabled={done} onClick={cancel}>
          Cancel run
        </button>
      </p>
      <div class="legend" aria-hidden="true">
        {['ok', 'changed', 'unknown', 'failed', 'skipped', 'unreachable'].map((s) => (
          <span class={`s-${s}`}>{s}</span>
        ))}
      </div>
      <div class="grid-wrap">
        <table id="run-grid">
          <caption class="sr-only">Tasks by host</caption>
          <thead>
            <tr>
              <th scope="col">Task</th>
              {state.hosts.map((h) => (
                <th scope="col">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {state.tasks.map((t) => (
              <tr key={t.key} class={state.running?.key === t.key ? 'running' : undefined}>
                <th scope="row" title={t.task.source}>
                  {`${t.task.role ? `${t.task.role} : ` : ''}${t.task.task}${t.task.handler ? ' (handler)' : ''}`}
                </th>
                {state.hosts.map((h) => (
                  <Cell task={t.task} host={h} result={t.results[h]} onOpen={setDetail} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {state.end && planFor && <Plan state={state} planFor={planFor} onApply={onApply} />}
      {detail && (
        <section id="cell-detail" aria-live="polite">
          <h3>{`${detail.task} on ${detail.host}`}</h3>
          <pre>
            {detailLines(detail.result).map((l) => (
              <span class={l.cls || undefined}>{`${l.text}\n`}</span>
            ))}
          </pre>
        </section>
      )}
      {state.end && <Recap state={state} onReport={report} />}
    </>
  );
}

function Recap({ state, onReport }) {
  const end = state.end;
  return (
    <section id="run-recap">
      <h3>Recap</h3>
      <div class="grid-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Host</th>
              {STATS.map((k) => (
                <th scope="col">{k}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Object.entries(end.stats).map(([host, s]) => (
              <tr>
                <th scope="row">{host}</th>
                {STATS.map((k) => (
                  <td>{s[k] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p id="run-result">{`exit code ${end.exitCode}${end.error ? `: ${end.error}` : ''}`}</p>
      <button type="button" id="run-report" onClick={onReport}>
        Download report (JSON)
      </button>
    </section>
  );
}
