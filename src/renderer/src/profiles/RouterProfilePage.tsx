import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { ProfileComparison, ProfileDetail, ProfileExport, ProfileSummary, RouteDecision } from '../../../shared/api/profiles';
import { Badge, InlineError } from '../ui/Badge';
import { ChartPanel } from '../ui/ChartPanel';
import { FactGroup } from '../ui/FactGroup';
import { downloadText } from '../ui/download';
import { describeError, errorMessage, type ShownError } from '../lab/errors';
import { MISSING, formatInt } from '../ui/format';
import { getLab } from '../lab/client';
import {
  EMBEDDABLE_TEXT,
  SOURCE_LABELS,
  buildHeatmapOption,
  buildRouteRequest,
  clusterViews,
  costMetricKey,
  costMetricLabel,
  costRows,
  embedderText,
  profileComparisonView,
  routeView,
} from './profiles-view';

export function ProfileDetailPage({ profileId }: { profileId: string }) {
  return <ProfileView key={profileId} profileId={profileId} />;
}

function ProfileView({ profileId }: { profileId: string }) {
  const [detail, setDetail] = useState<ProfileDetail | null>(null);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let cancelled = false;
    getLab()
      .profiles.get({ profileId })
      .then(
        (d) => {
          if (cancelled) return;
          setDetail(d);
          setLoadError(null);
        },
        (e: unknown) => {
          if (!cancelled) setLoadError(describeError(e));
        },
      );
    return () => {
      cancelled = true;
    };
  }, [profileId, version]);

  if (!detail) {
    return (
      <div className="page" data-testid="profile-detail">
        <Crumb name={profileId.slice(0, 8)} />
        {loadError ? (
          <InlineError
            testId="profile-load-error"
            message={loadError.code === 'not-found' ? `The lab has no profile ${profileId}.` : loadError.message}
            onRetry={loadError.code === 'not-found' ? undefined : () => setVersion((v) => v + 1)}
          />
        ) : (
          <div className="panel muted">Loading profile…</div>
        )}
      </div>
    );
  }
  return <Loaded d={detail} />;
}

function Crumb({ name }: { name: string }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href="#/profiles">Profiles</a>
      <span className="muted"> / {name}</span>
    </nav>
  );
}

function Loaded({ d }: { d: ProfileDetail }) {
  const clusters = useMemo(() => clusterViews(d), [d]);
  const heatOption = useMemo(() => buildHeatmapOption(d, { simulated: d.simulated }), [d]);
  const costs = useMemo(() => costRows(d), [d]);
  const ev = d.evaluation;
  const rows = [
    { label: 'Source', value: SOURCE_LABELS[d.source] ?? d.source },
    { label: 'Built', value: d.builtAt },
    { label: 'Embedder', value: `${embedderText(d.embedder)} · ${EMBEDDABLE_TEXT[d.embeddable]}` },
    { label: 'Clusters', value: `K ${d.k}${ev ? ` · ${ev.kSelection.mode === 'fixed' ? 'fixed' : 'chosen by validation log-loss'}` : ''}` },
    { label: 'Models', value: <span className="mono">{d.modelIds.join(', ')}</span> },
    { label: 'Runs', value: <span className="mono">{d.runIds.map((r) => r.slice(0, 8)).join(', ') || MISSING}</span> },
    { label: 'Devices', value: <span className="mono">{d.devices.join(', ') || MISSING}</span> },
    { label: 'Prompts', value: d.nPrompts === null ? MISSING : `${formatInt(d.nPrompts)}${ev ? ` (train ${formatInt(ev.trainPrompts)} · validation ${formatInt(ev.validationPrompts)})` : ''}` },
    { label: 'Seed', value: d.seed === null ? MISSING : String(d.seed) },
    { label: 'Routing', value: `${costMetricLabel(d.routing.costMetric)} · λ ${d.routing.lambdaMin}..${d.routing.lambdaMax} · default preference ${d.routing.defaultPreference}` },
    {
      label: 'Evaluation',
      value: ev ? `validation log-loss ${ev.validationLogLoss === null ? MISSING : ev.validationLogLoss.toFixed(4)} · silhouette ${ev.silhouette === null ? MISSING : ev.silhouette.toFixed(3)}` : 'none recorded',
    },
    { label: 'Prior', value: d.estimation ? `Beta prior strength ${d.estimation.priorStrength}` : 'none (raw rates)' },
    { label: 'Checksum', value: <span className="mono break">{d.checksum}</span> },
    ...(d.promptSetFingerprint ? [{ label: 'Prompt set', value: <span className="mono break">{d.promptSetFingerprint}</span> }] : []),
  ];
  return (
    <div className="page" data-testid="profile-detail" data-profile-id={d.id} data-simulated={d.simulated} data-k={d.k}>
      <Crumb name={d.name} />
      <div className="page-header">
        <h1 data-testid="page-heading">{d.name}</h1>
        {d.isDefault ? <Badge tone="info">default</Badge> : null}
        {d.simulated ? (
          <span className="badge badge-virtual" data-testid="profile-simulated-badge">
            simulated
          </span>
        ) : null}
        <span className="tag">v{d.formatVersion}</span>
        <span className="strip-spacer" />
        <ExportButtons profile={d} />
      </div>
      {d.simulated ? (
        <div className="banner banner-virtual" data-testid="profile-simulated-note">
          Built from virtual-phone runs: its error rates, latencies and energy are simulated, not measured on real hardware.
        </div>
      ) : null}

      <div className="facts-grid">
        <FactGroup title="Profile" testId="profile-facts" rows={rows}>
          {d.notes ? <p className="help muted pre-wrap">{d.notes}</p> : null}
        </FactGroup>
        <RouteBox d={d} />
      </div>

      <ChartPanel
        key={`heat-${d.id}`}
        title={`Error rate · model × cluster${d.simulated ? ' · simulated' : ''}`}
        option={heatOption}
        fileName={`aurora-lab-profile-${d.id.slice(0, 8)}-heatmap.png`}
        testId="profile-heatmap"
        tall={d.heatmap.models.length > 6}
        data={{ models: d.heatmap.models.length, clusters: d.k }}
        empty={d.heatmap.models.length === 0 ? 'No models in this profile.' : null}
      >
        <p className="legend muted">Hover a cell: the rate routing uses (Beta-smoothed), the measured count and its 95% interval.</p>
      </ChartPanel>

      <section className="panel" data-testid="cluster-inspector">
        <h3 className="panel-title">Clusters ({clusters.length})</h3>
        <div className="table-wrap table-scroll">
          <table className="table table-compact">
            <thead>
              <tr>
                <th className="num">Cluster</th>
                <th className="num">Size</th>
                <th>Top subjects</th>
                <th>Top terms</th>
                <th>Example prompts</th>
              </tr>
            </thead>
            <tbody>
              {clusters.map((c) => (
                <tr key={c.cluster} data-testid="cluster-row" data-cluster={c.cluster}>
                  <td className="num">c{c.cluster}</td>
                  <td className="num">{c.size}</td>
                  <td>{c.subjects}</td>
                  <td className="mono">{c.terms}</td>
                  <td className="cell-prompt">
                    {c.examples.length ? (
                      <ul className="plain-list">
                        {c.examples.map((e) => (
                          <li key={e.id} title={e.id}>
                            {e.text}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      MISSING
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="panel" data-testid="profile-costs">
        <h3 className="panel-title">Measured costs per device{d.simulated ? ' · simulated' : ''}</h3>
        {costs.length === 0 ? (
          <p className="muted">No measured costs (an imported seed profile carries sizes only).</p>
        ) : (
          <div className="table-wrap table-scroll">
            <table className="table table-compact">
              <thead>
                <tr>
                  <th>Model</th>
                  <th>Device</th>
                  <th className="num">Latency</th>
                  <th className="num">Energy / prompt</th>
                  <th className="num">Decode</th>
                  <th className="num">Peak RAM</th>
                </tr>
              </thead>
              <tbody>
                {costs.map((c) => (
                  <tr key={c.key} data-testid="cost-row" data-model-id={c.modelId} data-device={c.device}>
                    <td className="mono">{c.modelId}</td>
                    <td className="mono">{c.device}</td>
                    <MeasureCell value={c.latency} how={c.latencyHow} />
                    <MeasureCell value={c.energy} how={c.energyHow} />
                    <MeasureCell value={c.tps} how={c.tpsHow} />
                    <MeasureCell value={c.ram} how={c.ramHow} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="legend muted">Beneath each figure: how it was obtained and its sample count.</p>
      </section>

      <CompareWith d={d} />
    </div>
  );
}

function MeasureCell({ value, how }: { value: string; how: string }) {
  return (
    <td className="num">
      {value}
      {how ? <div className="sub">{how}</div> : null}
    </td>
  );
}

function RouteBox({ d }: { d: ProfileDetail }) {
  const [prompt, setPrompt] = useState('');
  const [preference, setPreference] = useState(d.routing.defaultPreference);
  const [costKey, setCostKey] = useState(() => costMetricKey(d.routing.costMetric));
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [decision, setDecision] = useState<RouteDecision | null>(null);
  const metrics = d.costMetrics.length ? d.costMetrics : [d.routing.costMetric];
  const needsVector = d.embeddable === 'needs-embedding';

  async function route(e: FormEvent) {
    e.preventDefault();
    const b = buildRouteRequest(d.id, prompt, preference, costKey);
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
      {needsVector ? <p className="hint hint-warn">The lab cannot embed prompts for this profile’s embedder ({d.embedder.model ?? 'external'}).</p> : null}
      {d.embeddable === 'device' ? <p className="help muted">Prompts are embedded on a connected phone running {d.embedder.model}.</p> : null}
      <textarea className="textarea" rows={3} placeholder="A question to route, e.g. What is the derivative of x²?" value={prompt} onChange={(e) => setPrompt(e.target.value)} data-testid="route-prompt" />
      <div className="connect-row">
        <label className="option">
          <span className="option-label">
            Preference <span className="tabular" data-testid="route-preference-value">{preference.toFixed(2)}</span>{' '}
            <span className="muted">(0 = small/fast … 1 = quality)</span>
          </span>
          <input type="range" min={0} max={1} step={0.01} value={preference} onChange={(e) => setPreference(Number(e.target.value))} data-testid="route-preference" />
        </label>
        <label className="option">
          <span className="option-label">Cost metric</span>
          <select className="input" value={costKey} onChange={(e) => setCostKey(e.target.value)} data-testid="route-cost-metric">
            {metrics.map((m) => (
              <option key={costMetricKey(m)} value={costMetricKey(m)}>
                {costMetricLabel(m)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || needsVector} data-testid="route-go">
          {busy ? 'Routing…' : 'Route'}
        </button>
      </div>
      {errors.length ? (
        <div className="inline-error" role="alert" data-testid="route-errors">
          <ul className="error-list">
            {errors.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {v ? (
        <div className="section-gap" data-testid="route-result" data-pick={v.pick} data-cluster={v.cluster}>
          <p>
            Pick: <strong className="mono" data-testid="route-pick">{v.pick}</strong>
            {d.simulated ? <span className="badge badge-virtual">simulated rates</span> : null}
          </p>
          <p className="help muted">{v.summary}</p>
          <p className="help muted">
            Cluster terms: <span className="mono">{v.clusterTerms}</span> · subjects: {v.clusterSubjects}
          </p>
          <div className="table-wrap table-scroll">
          <table className="table table-compact" data-testid="route-scores">
            <thead>
              <tr>
                <th>Model</th>
                <th className="num">Error rate</th>
                <th className="num">Cost</th>
                <th className="num">Cost (norm.)</th>
                <th className="num">Score</th>
                <th />
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
          </div>
          <p className="legend muted">score = error rate + λ × normalised cost; the lowest score wins (ties: profile order).</p>
        </div>
      ) : null}
    </form>
  );
}

function ExportButtons({ profile }: { profile: ProfileSummary }) {
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<ProfileExport | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function exportAs(format: 'v2' | 'seed-v1') {
    setBusy(true);
    setError(null);
    try {
      const r = await getLab().profiles.export({ profileId: profile.id, format });
      downloadText(r.json, r.fileName, 'application/json');
      setLast(r);
    } catch (e) {
      setError(`Export failed: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void exportAs('v2')} data-testid="export-v2" title="Lossless: the documented v2 format">
        Export v2
      </button>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void exportAs('seed-v1')} data-testid="export-seed-v1" title="The seed app's version 1.0 format (lossy)">
        Export seed v1
      </button>
      {error ? <InlineError message={error} testId="export-error" /> : null}
      {last ? (
        <div className="action-msg action-ok export-msg" role="status" data-testid="export-result" data-format={last.format}>
          Saved {last.fileName}.
          {last.dropped.length ? (
            <>
              {' '}
              The seed v1 format cannot carry:
              <ul className="error-list" data-testid="export-dropped">
                {last.dropped.map((x) => (
                  <li key={x}>{x}</li>
                ))}
              </ul>
            </>
          ) : (
            ' Nothing was dropped.'
          )}
        </div>
      ) : null}
    </>
  );
}

function CompareWith({ d }: { d: ProfileDetail }) {
  const [others, setOthers] = useState<ProfileSummary[]>([]);
  const [other, setOther] = useState('');
  const [result, setResult] = useState<ProfileComparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    getLab()
      .profiles.list({})
      .then(
        (l) => {
          if (!cancelled) setOthers(l.filter((p) => p.id !== d.id));
        },
        () => {},
      );
    return () => {
      cancelled = true;
    };
  }, [d.id]);
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
      <h3 className="panel-title">Compare with another profile</h3>
      <div className="connect-row">
        <select className="input" value={other} onChange={(e) => setOther(e.target.value)} data-testid="profile-compare-select">
          <option value="">Pick a profile…</option>
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
          <table className="table table-compact">
            <thead>
              <tr>
                <th>Model</th>
                <th className="num">Error A</th>
                <th className="num">Error B</th>
                <th className="num">B − A</th>
              </tr>
            </thead>
            <tbody>
              {v.errors.map((e) => (
                <tr key={e.modelId}>
                  <td className="mono">{e.modelId}</td>
                  <td className="num">{e.a}</td>
                  <td className="num">{e.b}</td>
                  <td className={`num tone-${e.tone}`}>{e.diff}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {v.costs.length ? (
            <table className="table table-compact section-gap">
              <thead>
                <tr>
                  <th>Model</th>
                  <th>Device</th>
                  <th className="num">Latency A → B</th>
                  <th className="num">Energy A → B</th>
                </tr>
              </thead>
              <tbody>
                {v.costs.map((c) => (
                  <tr key={c.key}>
                    <td className="mono">{c.modelId}</td>
                    <td className="mono">{c.device}</td>
                    <td className="num">{c.latency}</td>
                    <td className="num">{c.energy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
