/** Route one prompt with this router profile: preference and cost metric in, every model's score out, the pick marked. */
import { useState, type FormEvent } from 'react';
import type { ProfileDetail, RouteDecision } from '../../../shared/api/profiles';
import { getLab } from '../lab/client';
import { errorMessage } from '../lab/errors';
import { Badge, SimulatedBadge } from '../ui/Badge';
import { ErrorList } from '../ui/Messages';
import { TableBox, num } from '../ui/TableBox';
import { Option } from '../ui/Option';
import { buildRouteRequest, routeView } from './profile-route';
import { RouteVectorInput } from './RouteVectorInput';
import { costMetricKey, costMetricLabel } from './profiles-view';

export function RoutePromptPanel({ d }: { d: ProfileDetail }) {
  const [prompt, setPrompt] = useState('');
  const [vectorText, setVectorText] = useState('');
  const [preference, setPreference] = useState(d.routing.defaultPreference);
  const [costKey, setCostKey] = useState(() => costMetricKey(d.routing.costMetric));
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [decision, setDecision] = useState<RouteDecision | null>(null);
  const metrics = d.costMetrics.length ? d.costMetrics : [d.routing.costMetric];
  const needsVector = d.embeddable === 'needs-embedding';

  async function route(e: FormEvent) {
    e.preventDefault();
    const b = buildRouteRequest(d.id, prompt, preference, costKey, needsVector ? { text: vectorText, dim: d.embedder.dim } : undefined);
    if (!b.ok) {
      setErrors(b.errors);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      setDecision(await getLab().profiles.route(b.request));
    } catch (err) {
      setDecision(null);
      setErrors([errorMessage(err)]);
    } finally {
      setBusy(false);
    }
  }

  const v = decision ? routeView(decision) : null;
  return (
    <form className="panel route-panel" onSubmit={(e) => void route(e)} noValidate data-testid="route-panel">
      <h3 className="panel-title">Route a prompt</h3>
      {needsVector ? <RouteVectorInput model={d.embedder.model ?? 'external'} dim={d.embedder.dim} text={vectorText} onText={setVectorText} /> : null}
      {d.embeddable === 'device' ? <p className="help muted">Prompts are embedded on a connected phone running {d.embedder.model}.</p> : null}
      <textarea
        className="textarea"
        rows={needsVector ? 2 : 3}
        placeholder={needsVector ? 'The prompt (optional, for your notes: the embedding decides)' : 'A question to route, e.g. What is the derivative of x²?'}
        value={prompt} onChange={(e) => setPrompt(e.target.value)} data-testid="route-prompt" />
      <div className="connect-row">
        <label className="option">
          <span className="option-label">
            Preference <span className="tabular" data-testid="route-preference-value">{preference.toFixed(2)}</span>{' '}
            <span className="muted">(0 = small/fast … 1 = quality)</span>
          </span>
          <input type="range" min={0} max={1} step={0.01} value={preference} onChange={(e) => setPreference(Number(e.target.value))} data-testid="route-preference" />
        </label>
        <Option label="Cost metric">
          <select className="input" value={costKey} onChange={(e) => setCostKey(e.target.value)} data-testid="route-cost-metric">
            {metrics.map((m) => (
              <option key={costMetricKey(m)} value={costMetricKey(m)}>
                {costMetricLabel(m)}
              </option>
            ))}
          </select>
        </Option>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="route-go">
          {busy ? 'Routing…' : 'Route'}
        </button>
      </div>
      <ErrorList items={errors} testId="route-errors" />
      {v ? (
        <div className="section-gap" data-testid="route-result" data-pick={v.pick} data-cluster={v.cluster}>
          <p>
            Pick: <strong className="mono" data-testid="route-pick">{v.pick}</strong>
            {d.simulated ? <SimulatedBadge>simulated rates</SimulatedBadge> : null}
          </p>
          <p className="help muted">{v.summary}</p>
          <p className="help muted">
            Cluster terms: <span className="mono">{v.clusterTerms}</span> · subjects: {v.clusterSubjects}
          </p>
          <TableBox columns={['Model', num('Error rate'), num('Cost'), num('Cost (norm.)'), num('Score'), { label: 'Score bar', title: 'The score on a common scale: shorter wins' }]} testId="route-scores">
            {v.scores.map((s) => (
              <tr key={s.modelId} className={s.pick ? 'row-strong row-pick' : s.candidate ? undefined : 'muted'} data-testid="route-score-row" data-model-id={s.modelId} data-pick={s.pick}>
                <td className="mono nowrap">
                  {s.modelId} {s.pick ? <Badge tone="ok">pick</Badge> : null}
                </td>
                <td className="num">{s.errorRate}</td>
                <td className="num">{s.cost}</td>
                <td className="num">{s.costNorm}</td>
                <td className="num">{s.score}</td>
                <td className="cell-bar">
                  <span className="score-bar" style={{ width: `${s.bar}%` }} />
                </td>
              </tr>
            ))}
          </TableBox>
          <p className="legend muted">score = error rate + λ × normalised cost; the lowest score wins (ties: profile order).</p>
        </div>
      ) : null}
    </form>
  );
}
