/** This router profile next to another: models in both, K, whether clusters compare, error rates and costs A → B. */
import { useState } from 'react';
import type { ProfileComparison, ProfileDetail } from '../../../shared/api/profiles';
import { getLab } from '../lab/client';
import { errorMessage } from '../lab/errors';
import { InlineError } from '../ui/Messages';
import { TableBox, num } from '../ui/TableBox';
import { useRouterProfiles } from './hooks';
import { profileComparisonView } from './profiles-view';

export function CompareProfilesPanel({ d }: { d: ProfileDetail }) {
  const list = useRouterProfiles();
  const others = (list.data ?? []).filter((p) => p.id !== d.id);
  const [other, setOther] = useState('');
  const [result, setResult] = useState<ProfileComparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function go() {
    setError(null);
    try {
      setResult(await getLab().profiles.compare({ a: d.id, b: other }));
    } catch (e) {
      setResult(null);
      setError(`Could not compare: ${errorMessage(e)}`);
    }
  }
  const v = result ? profileComparisonView(result) : null;
  return (
    <section className="panel" data-testid="profile-compare">
      <h3 className="panel-title">Compare with another router profile</h3>
      <div className="connect-row">
        <select className="input" value={other} onChange={(e) => setOther(e.target.value)} data-testid="profile-compare-select">
          <option value="">Pick a router profile…</option>
          {others.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} · K {p.k}
              {p.simulated ? ' · simulated' : ''}
            </option>
          ))}
        </select>
        <button type="button" className="btn" disabled={!other} onClick={() => void go()} data-testid="profile-compare-go">
          Compare
        </button>
      </div>
      {error ? <InlineError message={error} testId="profile-compare-error" /> : null}
      {v && result ? (
        <div className="section-gap" data-testid="profile-compare-result">
          <p className="help">
            A = {result.a.name}, B = {result.b.name} · models: {v.models} · K {v.k} · {v.sameClusters}
          </p>
          <TableBox columns={['Model', num('Error A'), num('Error B'), num('B − A')]}>
            {v.errors.map((e) => (
              <tr key={e.modelId}>
                <td className="mono">{e.modelId}</td>
                <td className="num">{e.a}</td>
                <td className="num">{e.b}</td>
                <td className={`num tone-${e.tone}`}>{e.diff}</td>
              </tr>
            ))}
          </TableBox>
          {v.costs.length ? (
            <TableBox columns={['Model', 'Device', num('Latency A → B'), num('Energy A → B')]} className="section-gap">
              {v.costs.map((c) => (
                <tr key={c.key}>
                  <td className="mono">{c.modelId}</td>
                  <td className="mono">{c.device}</td>
                  <td className="num">{c.latency}</td>
                  <td className="num">{c.energy}</td>
                </tr>
              ))}
            </TableBox>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
