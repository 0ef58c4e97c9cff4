import { useEffect, useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import type { CampaignSummary } from '../../../shared/api/campaigns';
import type { EmbedModel, ProfileBuildProgress, ProfileSummary } from '../../../shared/api/profiles';
import type { RunSummary } from '../../../shared/runs';
import { Badge, InlineError, VirtualBadge } from '../ui/Badge';
import { ProgressBar } from '../ui/ProgressBar';
import { runChoiceGroups } from '../compare/compare-view';
import { deviceName } from '../devices/device-view';
import { describeError, errorIssues, errorMessage } from '../lab/errors';
import { useDevices } from '../devices/hooks';
import { getLab } from '../lab/client';
import { profileHref } from '../app/routing';
import { toggled } from '../campaigns/campaign-view';
import { buildProfileRequest, buildProgressView, importErrorLines, initialBuildForm, profileRow, type BuildForm } from './profiles-view';

/** A build id the progress events can be matched with (crypto.randomUUID needs a secure context). */
function newBuildId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `b-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Stored router profiles: list, build from measured runs, import a file, delete. */
export function ProfilesPage() {
  const [profiles, setProfiles] = useState<ProfileSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [deleteMsg, setDeleteMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    let cancelled = false;
    getLab()
      .profiles.list({})
      .then(
        (l) => {
          if (cancelled) return;
          setProfiles(l);
          setListError(null);
        },
        (e: unknown) => {
          if (!cancelled) setListError(`Could not load the profiles: ${errorMessage(e)}`);
        },
      );
    return () => {
      cancelled = true;
    };
  }, [version]);

  async function remove(p: ProfileSummary) {
    setDeleteMsg(null);
    try {
      const r = await getLab().profiles.delete({ profileId: p.id });
      setDeleteMsg(r.deleted ? { kind: 'ok', text: `Deleted “${p.name}”.${p.isDefault ? ' The shipped default is not re-imported.' : ''}` } : { kind: 'error', text: 'Nothing was deleted (it was already gone).' });
    } catch (e) {
      setDeleteMsg({ kind: 'error', text: `Delete failed: ${errorMessage(e)}` });
    } finally {
      setConfirmDelete(null);
      setVersion((v) => v + 1);
    }
  }

  return (
    <div className="page" data-testid="profiles-page">
      <div className="page-header">
        <h1 data-testid="page-heading">Profiles</h1>
        <span className="muted">cluster error-rate profiles the phone’s router uses, rebuilt from measured runs</span>
      </div>
      {listError ? <InlineError message={listError} testId="profiles-error" onRetry={() => setVersion((v) => v + 1)} /> : null}
      {deleteMsg ? (
        <div className={`action-msg action-${deleteMsg.kind}`} role="status" data-testid="profile-delete-result">
          {deleteMsg.text}
        </div>
      ) : null}

      <section className="panel" data-testid="profiles-list">
        <h3 className="panel-title">Stored profiles{profiles ? ` (${profiles.length})` : ''}</h3>
        {profiles === null ? (
          listError ? null : <p className="muted">Loading profiles…</p>
        ) : profiles.length === 0 ? (
          <p className="muted" data-testid="profiles-empty">
            No profiles. Build one from a measured run below, or import a profile file.
          </p>
        ) : (
          <div className="table-wrap table-scroll">
            <table className="table table-compact" data-testid="profiles-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Source</th>
                  <th className="num">K</th>
                  <th>Models</th>
                  <th>Embedder</th>
                  <th className="num">Prompts</th>
                  <th>Stored</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {profiles.map((p) => {
                  const v = profileRow(p);
                  return (
                    <tr key={p.id} data-testid="profile-row" data-profile-id={p.id} data-simulated={p.simulated} data-default={p.isDefault}>
                      <td>
                        <a href={profileHref(p.id)} data-testid="profile-link">
                          {v.name}
                        </a>{' '}
                        {v.isDefault ? (
                          <Badge tone="info" title="The shipped default profile for the virtual phones' models" testId="default-badge">
                            default
                          </Badge>
                        ) : null}{' '}
                        {v.simulated ? (
                          <span className="badge badge-virtual" title="Built from virtual-phone runs: every figure in it is simulated" data-testid="profile-simulated-badge">
                            simulated
                          </span>
                        ) : null}
                        <div className="sub mono">{p.id.slice(0, 8)}</div>
                      </td>
                      <td>{v.source}</td>
                      <td className="num">{v.k}</td>
                      <td className="mono">{v.models}</td>
                      <td>{v.embedder}</td>
                      <td className="num">{v.prompts}</td>
                      <td className="nowrap">{v.created}</td>
                      <td className="nowrap">
                        {confirmDelete === p.id ? (
                          <span className="confirm" role="alertdialog" aria-label="Confirm delete" data-testid="profile-delete-confirm">
                            Delete “{v.name}”?{' '}
                            <button type="button" className="btn btn-danger btn-small" onClick={() => void remove(p)} data-testid="profile-delete-yes">
                              Delete
                            </button>{' '}
                            <button type="button" className="btn btn-small" onClick={() => setConfirmDelete(null)} data-testid="profile-delete-no">
                              Keep
                            </button>
                          </span>
                        ) : (
                          <button type="button" className="btn btn-danger btn-small" onClick={() => setConfirmDelete(p.id)} data-testid="profile-delete">
                            Delete
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <BuildPanel onBuilt={() => setVersion((v) => v + 1)} />
      <ImportPanel onImported={() => setVersion((v) => v + 1)} />
    </div>
  );
}

function BuildPanel({ onBuilt }: { onBuilt: () => void }) {
  const { devices } = useDevices();
  const [campaigns, setCampaigns] = useState<CampaignSummary[] | null>(null);
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [embedModels, setEmbedModels] = useState<EmbedModel[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState<BuildForm>(initialBuildForm);
  const [errors, setErrors] = useState<string[]>([]);
  const [buildError, setBuildError] = useState<string[] | null>(null);
  const [building, setBuilding] = useState(false);
  const [buildId, setBuildId] = useState<string | null>(null);
  const [progress, setProgress] = useState<ProfileBuildProgress | null>(null);
  const [built, setBuilt] = useState<ProfileSummary | null>(null);

  useEffect(() => {
    let cancelled = false;
    const lab = getLab();
    Promise.all([lab.campaigns.list({ limit: 200 }), lab.runs.list({ limit: 500 })]).then(
      ([c, r]) => {
        if (cancelled) return;
        setCampaigns(c);
        setRuns(r);
      },
      (e: unknown) => {
        if (!cancelled) setLoadError(`Could not load the runs: ${errorMessage(e)}`);
      },
    );
    lab.profiles.embedModels({}).then(
      (m) => {
        if (!cancelled) setEmbedModels(m);
      },
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(
    () =>
      getLab().on('profiles.progress', (p) => {
        if (p.buildId === buildId) setProgress(p);
      }),
    [buildId],
  );

  const groups = useMemo(() => runChoiceGroups(campaigns ?? [], runs), [campaigns, runs]);
  const ready = (devices ?? []).filter((d) => d.state === 'device');

  function update<K extends keyof BuildForm>(key: K, value: BuildForm[K]) {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors([]);
  }

  async function build(e: FormEvent) {
    e.preventDefault();
    const id = newBuildId();
    const b = buildProfileRequest(form, id);
    if (!b.ok) {
      setErrors(b.errors);
      return;
    }
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
      <h3 className="panel-title">Build from runs</h3>
      {loadError ? <InlineError message={loadError} /> : null}
      <fieldset disabled={building} className="plain-fieldset">
        <div className="form-cols">
          <div className="form-section">
            <span className="option-label">Runs (a device class, or several pooled)</span>
            {campaigns === null ? (
              loadError ? null : <p className="muted">Loading runs…</p>
            ) : groups.length === 0 ? (
              <p className="muted">
                No finished runs. Start a <a href="#/profile">profiling run</a> first.
              </p>
            ) : (
              <ul className="check-list compare-runs" data-testid="build-runs">
                {groups.map((g) => (
                  <li key={g.key}>
                    <div className="sub">
                      {g.title} {g.simulated ? <span className="badge badge-virtual">simulated</span> : null} <span className="mono">{g.sub}</span>
                    </div>
                    <ul className="check-list nested">
                      {g.runs.map((r) => (
                        <li key={r.runId}>
                          <label data-testid="build-run-option" data-run-id={r.runId}>
                            <input type="checkbox" checked={form.runIds.includes(r.runId)} onChange={(e) => update('runIds', toggled(form.runIds, r.runId, e.target.checked))} />
                            <span>
                              {r.device} <span className="mono muted">{r.runId.slice(0, 8)}</span>
                            </span>
                          </label>
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="form-section options-grid">
            <label className="option">
              <span className="option-label">Embedder</span>
              <select className="input" value={form.embedder} onChange={(e) => update('embedder', e.target.value as 'lexical' | 'device')} data-testid="build-embedder">
                <option value="lexical">Lexical (hashed n-grams; no weights; reproducible on a phone)</option>
                <option value="device">Device (the runner’s embed request on a phone)</option>
              </select>
            </label>
            {form.embedder === 'device' ? (
              <>
                <label className="option">
                  <span className="option-label">Phone to embed on</span>
                  <select className="input" value={form.deviceSerial} onChange={(e) => update('deviceSerial', e.target.value)} data-testid="build-device">
                    <option value="">Pick a phone…</option>
                    {ready.map((d) => (
                      <option key={d.serial} value={d.serial}>
                        {deviceName(d)} ({d.serial}){d.virtual ? ' · virtual' : ''}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="option">
                  <span className="option-label">Embedding model</span>
                  <select className="input" value={form.embedModel} onChange={(e) => update('embedModel', e.target.value)} data-testid="build-embed-model">
                    <option value="">Lab default (qwen-600m)</option>
                    {embedModels.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.id}
                        {m.dim ? ` · ${m.dim}-d` : ''}
                        {m.simulated ? ' · simulated' : ''}
                      </option>
                    ))}
                  </select>
                </label>
              </>
            ) : null}
            <label className="option">
              <span className="option-label">K (clusters)</span>
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
            </label>
            <label className="option">
              <span className="option-label">Seed</span>
              <input className="input input-narrow mono" value={form.seed} onChange={(e) => update('seed', e.target.value)} data-testid="build-seed" />
            </label>
            <label className="option">
              <span className="option-label">Name</span>
              <input className="input" placeholder="default: from the runs" value={form.name} onChange={(e) => update('name', e.target.value)} data-testid="build-name" />
            </label>
            <label className="option">
              <span className="option-label">Default cost metric</span>
              <select className="input" value={form.costMetric} onChange={(e) => update('costMetric', e.target.value as BuildForm['costMetric'])} data-testid="build-cost-metric">
                <option value="">Lab default</option>
                <option value="size">Model size (the seed’s)</option>
                <option value="latency">Measured latency</option>
                <option value="energy">Measured energy</option>
              </select>
            </label>
          </div>
        </div>
      </fieldset>
      {errors.length ? (
        <div className="inline-error" role="alert" data-testid="build-form-errors">
          <ul className="error-list">
            {errors.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {buildError ? (
        <div className="inline-error refusal" role="alert" data-testid="build-error">
          <strong>The profile was not built.</strong>
          <ul className="error-list">
            {buildError.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={building} data-testid="build-start">
          {building ? 'Building…' : 'Build profile'}
        </button>
        <span className="muted">{form.runIds.length} run(s) picked</span>
      </div>
      {building || (pv && !built) ? (
        <div className="section-gap" data-testid="build-progress" data-phase={progress?.phase ?? 'starting'}>
          <ProgressBar percent={pv?.percent ?? null} tone={pv?.failed ? 'bad' : 'info'} label="Build progress" />
          <div className="progress-facts muted">{pv?.text ?? 'Starting…'}</div>
        </div>
      ) : null}
      {built ? (
        <div className="action-msg action-ok section-gap" role="status" data-testid="build-result" data-profile-id={built.id}>
          Built “{built.name}”: K {built.k}, {built.modelIds.length} models{built.simulated ? ' (simulated: from virtual phones)' : ''}.{' '}
          <a href={profileHref(built.id)} data-testid="open-built-profile">
            Open it
          </a>
        </div>
      ) : null}
    </form>
  );
}

function ImportPanel({ onImported }: { onImported: () => void }) {
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [imported, setImported] = useState<ProfileSummary | null>(null);

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    setErrors(null);
    setImported(null);
    if (!f) {
      setText(null);
      return;
    }
    setFileName(f.name);
    try {
      setText(await f.text());
    } catch (err) {
      setErrors([`Could not read ${f.name}: ${errorMessage(err)}`]);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (text === null) {
      setErrors(['Choose a profile file (v2 or seed v1.0 JSON) first.']);
      return;
    }
    if (text.trim() === '') {
      setErrors(['The file is empty.']);
      return;
    }
    setBusy(true);
    setErrors(null);
    try {
      const p = await getLab().profiles.import({ json: text, ...(name.trim() ? { name: name.trim() } : {}) });
      setImported(p);
      onImported();
    } catch (err) {
      setErrors(importErrorLines(describeError(err).message, errorIssues(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate data-testid="profile-import-form">
      <h3 className="panel-title">Import a profile file</h3>
      <p className="help muted">A v2 profile or the seed’s version 1.0 format (converted to v2). Checked field by field; errors name the field.</p>
      <div className="connect-row">
        <input type="file" accept=".json,application/json" onChange={(e) => void onFile(e)} data-testid="import-file" />
        <input className="input" placeholder={fileName ? `name (default from ${fileName})` : 'name (optional)'} value={name} onChange={(e) => setName(e.target.value)} data-testid="import-name" />
        <button type="submit" className="btn" disabled={busy} data-testid="import-start">
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
      {errors ? (
        <div className="inline-error refusal section-gap" role="alert" data-testid="import-errors">
          <strong>Not imported.</strong>
          <ul className="error-list mono">
            {errors.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {imported ? (
        <div className="action-msg action-ok section-gap" role="status" data-testid="import-result">
          Imported “{imported.name}” (K {imported.k}, {imported.modelIds.length} models).{' '}
          {imported.simulated ? <VirtualBadge /> : null} <a href={profileHref(imported.id)}>Open it</a>
        </div>
      ) : null}
    </form>
  );
}
