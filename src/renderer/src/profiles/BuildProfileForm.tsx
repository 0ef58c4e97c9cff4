/** Build a router profile from measured runs: which runs, which embedder, K fixed or chosen, seed, name, cost metric. */
import { useState, type FormEvent } from 'react';
import type { ProfileBuildProgress, ProfileSummary } from '../../../shared/api/profiles';
import { routerProfileHref } from '../app/routing';
import { deviceName } from '../devices/device-view';
import { useDevices } from '../devices/hooks';
import { getLab } from '../lab/client';
import { describeError, errorIssues } from '../lab/errors';
import { useLabEvent } from '../lab/useLabEvent';
import { useRunChoices } from '../runs/hooks';
import { RunPicker } from '../runs/RunPicker';
import { plural } from '../../../shared/format';
import { ErrorList, InlineError } from '../ui/Messages';
import { ProgressBar } from '../ui/ProgressBar';
import { Option } from '../ui/Option';
import { useEmbedModels } from './hooks';
import { buildProfileRequest, buildProgressView, importErrorLines, initialBuildForm, type BuildForm } from './profile-build';
import { CostMetricOptions } from '../compare/CostMetricOptions';

/** A build id the progress events can be matched with (crypto.randomUUID needs a secure context). */
function newBuildId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `b-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function BuildProfileForm({ onBuilt }: { onBuilt: () => void }) {
  const { devices } = useDevices();
  const choices = useRunChoices();
  const embedModels = useEmbedModels();
  const [form, setForm] = useState<BuildForm>(initialBuildForm);
  const [errors, setErrors] = useState<string[]>([]);
  const [buildError, setBuildError] = useState<string[] | null>(null);
  const [building, setBuilding] = useState(false);
  const [buildId, setBuildId] = useState<string | null>(null);
  const [progress, setProgress] = useState<ProfileBuildProgress | null>(null);
  const [built, setBuilt] = useState<ProfileSummary | null>(null);
  useLabEvent('profiles.progress', (p) => {
    if (p.buildId === buildId) setProgress(p);
  });
  const ready = (devices ?? []).filter((d) => d.state === 'device');

  function update<K extends keyof BuildForm>(key: K, value: BuildForm[K]) {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors([]);
  }

  async function build(e: FormEvent) {
    e.preventDefault();
    const id = newBuildId();
    const b = buildProfileRequest(form, id);
    if (!b.ok) return setErrors(b.errors);
    setErrors([]);
    setBuildError(null);
    setBuilt(null);
    setProgress(null);
    setBuildId(id);
    setBuilding(true);
    try {
      const r = await getLab().profiles.build(b.request);
      setBuilt(r.profile);
      onBuilt();
    } catch (err) {
      setBuildError(importErrorLines(describeError(err).message, errorIssues(err)));
    } finally {
      setBuilding(false);
    }
  }

  const pv = progress ? buildProgressView(progress) : null;

  return (
    <form className="panel" onSubmit={(e) => void build(e)} noValidate data-testid="profile-build-form">
      <h3 className="panel-title">Build a router profile from runs</h3>
      {choices.error ? <InlineError message={`Could not load the runs: ${choices.error.message}`} onRetry={choices.refetch} /> : null}
      <fieldset disabled={building} className="plain-fieldset">
        <div className="form-cols">
          <div className="form-section">
            <span className="option-label">Runs (a device class, or several pooled)</span>
            <RunPicker groups={choices.data} error={choices.error} picked={form.runIds} onChange={(ids) => update('runIds', ids)} wholeGroups={false} testId="build" />
          </div>
          <div className="form-section options-grid">
            <Option label="Embedder">
              <select className="input" value={form.embedder} onChange={(e) => update('embedder', e.target.value as 'lexical' | 'device')} data-testid="build-embedder">
                <option value="lexical">Lexical (hashed n-grams; no weights; reproducible on a phone)</option>
                <option value="device">Device (the runner’s embed request on a phone)</option>
              </select>
            </Option>
            {form.embedder === 'device' ? (
              <>
                <Option label="Phone to embed on">
                  <select className="input" value={form.deviceSerial} onChange={(e) => update('deviceSerial', e.target.value)} data-testid="build-device">
                    <option value="">Pick a phone…</option>
                    {ready.map((d) => (
                      <option key={d.serial} value={d.serial}>
                        {deviceName(d)} ({d.serial}){d.virtual ? ' · virtual' : ''}
                      </option>
                    ))}
                  </select>
                </Option>
                <Option label="Embedding model">
                  <select className="input" value={form.embedModel} onChange={(e) => update('embedModel', e.target.value)} data-testid="build-embed-model">
                    <option value="">Lab default (qwen-600m)</option>
                    {(embedModels.data ?? []).map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.id}
                        {m.dim ? ` · ${m.dim}-d` : ''}
                        {m.simulated ? ' · simulated' : ''}
                      </option>
                    ))}
                  </select>
                </Option>
              </>
            ) : null}
            <Option label="K (clusters)">
              <select className="input input-narrow" value={form.kMode} onChange={(e) => update('kMode', e.target.value as 'auto' | 'fixed')} data-testid="build-k-mode">
                <option value="auto">auto (validation log-loss)</option>
                <option value="fixed">fixed</option>
              </select>
              {form.kMode === 'fixed' ? (
                <input className="input input-narrow" type="number" min={1} max={64} value={form.k} onChange={(e) => update('k', e.target.value)} data-testid="build-k" />
              ) : (
                <span className="connect-row">
                  <input className="input input-narrow" type="number" min={1} max={64} placeholder="from (2)" value={form.kMin} onChange={(e) => update('kMin', e.target.value)} data-testid="build-k-min" />
                  <input className="input input-narrow" type="number" min={1} max={64} placeholder="to (20)" value={form.kMax} onChange={(e) => update('kMax', e.target.value)} data-testid="build-k-max" />
                </span>
              )}
            </Option>
            <Option label="Seed">
              <input className="input input-narrow mono" value={form.seed} onChange={(e) => update('seed', e.target.value)} data-testid="build-seed" />
            </Option>
            <Option label="Name">
              <input className="input" placeholder="default: from the runs" value={form.name} onChange={(e) => update('name', e.target.value)} data-testid="build-name" />
            </Option>
            <Option label="Default cost metric">
              <select className="input" value={form.costMetric} onChange={(e) => update('costMetric', e.target.value as BuildForm['costMetric'])} data-testid="build-cost-metric">
                <option value="">Lab default</option>
                <CostMetricOptions />
              </select>
            </Option>
          </div>
        </div>
      </fieldset>
      <ErrorList items={errors} testId="build-form-errors" />
      <ErrorList items={buildError} title="The router profile was not built." testId="build-error" />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={building} data-testid="build-start">
          {building ? 'Building…' : 'Build router profile'}
        </button>
        <span className="muted">{plural(form.runIds.length, 'run')} picked</span>
      </div>
      {building || (pv && !built) ? (
        <div className="section-gap" data-testid="build-progress" data-phase={progress?.phase ?? 'starting'}>
          <ProgressBar percent={pv?.percent ?? null} tone={pv?.failed ? 'bad' : 'info'} label="Build progress" />
          <div className="progress-facts muted">{pv?.text ?? 'Starting…'}</div>
          {building && buildId ? (
            <button type="button" className="btn" onClick={() => void getLab().profiles.cancelBuild({ buildId })} data-testid="build-cancel">
              Cancel build
            </button>
          ) : null}
        </div>
      ) : null}
      {built ? (
        <div className="action-msg action-ok section-gap" role="status" data-testid="build-result" data-profile-id={built.id}>
          Built “{built.name}”: K {built.k}, {plural(built.modelIds.length, 'model')}{built.simulated ? ' (simulated: from virtual phones)' : ''}.{' '}
          <a href={routerProfileHref(built.id)} data-testid="open-built-profile">
            Open it
          </a>
        </div>
      ) : null}
    </form>
  );
}

