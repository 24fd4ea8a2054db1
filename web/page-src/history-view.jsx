// Run history (Preact): every journal in the work dir, newest first; a run opens in the run view.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

const stateClass = (state) => (state === 'succeeded' ? 's-ok' : state === 'running' ? undefined : 's-failed');

export function HistoryView({ onOpen }) {
  const [runs, setRuns] = useState([]);
  const load = async () => {
    const res = await api('GET', '/api/v1/runs');
    if (res.ok) setRuns(res.data);
  };
  useEffect(() => {
    load();
  }, []);
  return (
    <>
      <h2 id="h-history" tabIndex={-1}>
        History
      </h2>
      <button type="button" id="history-refresh" onClick={load}>
        Refresh
      </button>
      <div class="grid-wrap">
        <table id="history">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Run</th>
              <th scope="col">Playbook</th>
              <th scope="col">Mode</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>{new Date(r.started).toLocaleString()}</td>
                <td>
                  <button type="button" onClick={() => onOpen(r.id)}>
                    {r.id}
                  </button>
                </td>
                <td>{r.playbook}</td>
                <td>{r.check ? 'check' : 'real'}</td>
                <td class={stateClass(r.state)}>{r.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
