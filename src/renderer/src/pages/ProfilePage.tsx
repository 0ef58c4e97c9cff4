import { useEffect, useState, type FormEvent } from 'react';
import type { CampaignProgress, DatasetOption } from '../../../shared/api/campaigns';
import type { EnergyMethodChoice, ModelInfo } from '../../../shared/runs';
import { Badge, InlineError, VirtualBadge } from '../components/Badge';
import { ProgressBar } from '../components/ProgressBar';
import { deviceName, stateTone } from '../devices/device-view';
import { describeError, errorMessage, type ShownError } from '../errors';
import { useNow } from '../hooks/useNow';
import { useDevices } from '../hooks/useStores';
import { getLab } from '../lab';
import { campaignRouteHref, runHref } from '../routing';
import {
  buildCampaignRequest,
  campaignProgressView,
  datasetText,
  initialCampaignForm,
  newerProgress,
  toggled,
  type CampaignForm,
} from '../runs/campaign-view';
import { modelView } from '../runs/run-view';

const ENERGY_CHOICES: Array<{ value: EnergyMethodChoice; label: string }> = [
  { value: 'auto', label: 'Auto (best source per phone)' },
  { value: 'odpm', label: 'ODPM power rails' },
  { value: 'fuel-gauge', label: 'Fuel gauge' },
  { value: 'charge-counter', label: 'Charge counter (coarse)' },
];

/** Start a profiling campaign (devices × models × a sampled prompt set × repetitions) and follow it live. */
export function ProfilePage() {
  const now = useNow();
  const { devices, error: devicesError } = useDevices();
  const [models, setModels] = useState<ModelInfo[] | null>(null);
  const [datasets, setDatasets] = useState<DatasetOption[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [form, setForm] = useState<CampaignForm>(initialCampaignForm);
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ShownError | null>(null);
  const [campaignId, setCampaignId] = useState<string | null>(null);
  /** Latest progress per campaign (events for every campaign of this lab arrive here). */
  const [progress, setProgress] = useState<Readonly<Record<string, CampaignProgress>>>({});
  const [resumed, setResumed] = useState(false);
  const [cancelMsg, setCancelMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    let cancelled = false;
    const lab = getLab();
    Promise.all([lab.runs.models({}), lab.datasets.list({})]).then(
      ([m, d]) => {
        if (cancelled) return;
        setModels(m);
        setDatasets(d);
        setLoadError(null);
      },
      (e: unknown) => {
        if (!cancelled) setLoadError(`Could not load the models and prompt sets: ${errorMessage(e)}`);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  // Progress of every campaign; the page shows the one it started (or follows).
  useEffect(() => {
    const off = getLab().on('campaigns.progress', (p) => {
      setProgress((m) => ({ ...m, [p.campaignId]: newerProgress(m[p.campaignId] ?? null, p) }));
    });
    return off;
  }, []);

  // On opening: follow a campaign this lab is running.
  useEffect(() => {
    let cancelled = false;
    const lab = getLab();
    lab.campaigns.list({ status: 'running', limit: 1 }).then(
      async (list) => {
        const c = list[0];
        if (cancelled || !c) return;
        const info = await lab.campaigns.get({ campaignId: c.id });
        if (cancelled || info.ownedElsewhere) return;
        setCampaignId((cur) => cur ?? c.id);
        setResumed(true);
        const p = info.progress;
        if (p) setProgress((m) => ({ ...m, [p.campaignId]: newerProgress(m[p.campaignId] ?? null, p) }));
      },
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const shown = campaignId ? (progress[campaignId] ?? null) : null;
  const view = shown ? campaignProgressView(shown, now) : null;
  const running = campaignId !== null && (view === null || !view.finished);

  // While it runs: the stored state now and then, so a lost event never leaves the page spinning.
  useEffect(() => {
    if (!campaignId || !running) return;
    let cancelled = false;
    const timer = setInterval(() => {
      getLab()
        .campaigns.get({ campaignId })
        .then(
          (info) => {
            if (cancelled) return;
            const p: CampaignProgress = info.progress ?? {
              campaignId,
              status: info.status,
              done: info.done,
              total: info.total,
              etaMs: null,
              devices: [],
              message: info.error ?? '',
              // The stored state is newer than any event seen before this answer.
              at: Date.now(),
            };
            if (info.progress || info.status !== 'running') {
              setProgress((m) => ({ ...m, [campaignId]: newerProgress(m[campaignId] ?? null, p) }));
            }
          },
          () => {},
        );
    }, 5000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [campaignId, running]);

  const ready = (devices ?? []).filter((d) => d.state === 'device');
  const anyVirtual = ready.some((d) => d.virtual && form.devices.includes(d.serial));
  const anyReal = ready.some((d) => !d.virtual && form.devices.includes(d.serial));
  const selectedDataset = datasets?.find((d) => d.spec === form.dataset) ?? null;

  function update<K extends keyof CampaignForm>(key: K, value: CampaignForm[K]) {
    setForm((f) => ({ ...f, [key]: value }));
    setFormErrors([]);
  }

  async function start(e: FormEvent) {
    e.preventDefault();
    const built = buildCampaignRequest(form, selectedDataset?.size ?? null);
    if (!built.ok) {
      setFormErrors(built.errors);
      return;
    }
    setFormErrors([]);
    setStartError(null);
    setCancelMsg(null);
    setResumed(false);
    setStarting(true);
    try {
      const res = await getLab().campaigns.start(built.request);
      setCampaignId(res.campaignId);
    } catch (err) {
      setStartError(describeError(err));
    } finally {
      setStarting(false);
    }
  }

  async function cancel() {
    if (!campaignId) return;
    try {
      const res = await getLab().campaigns.cancel({ campaignId });
      setCancelMsg(
        res.cancelled
          ? { kind: 'ok', text: 'Cancel requested: every device stops after the prompt in flight. The run can be resumed later.' }
          : { kind: 'error', text: 'This lab is not running it any more.' },
      );
    } catch (err) {
      setCancelMsg({ kind: 'error', text: `Cancel failed: ${errorMessage(err)}` });
    }
  }

  return (
    <div className="page" data-testid="profile-page">
      <div className="page-header">
        <h1 data-testid="page-heading">Profile</h1>
        <span className="muted">models × phones over a prompt set, scored, with latency and energy per prompt</span>
      </div>

      <form className="panel" onSubmit={(e) => void start(e)} noValidate data-testid="campaign-form">
        <fieldset disabled={starting || running} className="plain-fieldset">
          <div className="form-cols">
            <div className="form-section">
              <h3 className="panel-title">Devices</h3>
              {devicesError ? <InlineError message={devicesError} /> : null}
              {devices === null ? (
                <p className="muted">Loading devices…</p>
              ) : devices.length === 0 ? (
                <p className="muted" data-testid="no-devices">
                  No devices. Attach a phone or connect a virtual phone on the <a href="#/devices">Devices</a> page.
                </p>
              ) : (
                <ul className="check-list" data-testid="device-options">
                  {devices.map((d) => {
                    const usable = d.state === 'device' && (d.facts?.cactus.supported ?? true);
                    return (
                      <li key={d.serial}>
                        <label className={usable ? '' : 'muted'} data-testid="device-option" data-serial={d.serial}>
                          <input
                            type="checkbox"
                            checked={form.devices.includes(d.serial)}
                            disabled={!usable}
                            onChange={(e) => update('devices', toggled(form.devices, d.serial, e.target.checked))}
                          />
                          <span>
                            {deviceName(d)} <span className="mono muted">{d.serial}</span>{' '}
                            {d.virtual ? <VirtualBadge /> : null}{' '}
                            {d.state !== 'device' ? <Badge tone={stateTone(d.state)}>{d.state}</Badge> : null}
                            {d.facts && !d.facts.cactus.supported ? <span className="hint hint-bad"> Cactus cannot run on this CPU</span> : null}
                          </span>
                        </label>
                      </li>
                    );
                  })}
                </ul>
              )}
            </div>

            <div className="form-section">
              <h3 className="panel-title">Models</h3>
              {loadError ? <InlineError message={loadError} testId="profile-load-error" onRetry={() => setAttempt((n) => n + 1)} /> : null}
              {models === null ? (
                loadError ? null : <p className="muted">Loading the model catalogue…</p>
              ) : (
                <ul className="check-list" data-testid="model-options">
                  {models.map((m) => {
                    const sim = modelView(m, true);
                    const real = modelView(m, false);
                    return (
                      <li key={m.id}>
                        <label data-testid="campaign-model-option" data-model-id={m.id}>
                          <input
                            type="checkbox"
                            checked={form.models.includes(m.id)}
                            onChange={(e) => update('models', toggled(form.models, m.id, e.target.checked))}
                          />
                          <span>
                            <strong>{m.name}</strong> <span className="mono muted">{m.id}</span> <span className="muted">· {sim.size}</span>
                            {anyVirtual && !sim.usable ? <span className="hint hint-warn"> no simulated definition for virtual phones</span> : null}
                            {anyReal && !real.usable ? <span className="hint hint-warn"> real weights not cached</span> : null}
                          </span>
                        </label>
                      </li>
                    );
                  })}
                </ul>
              )}
            </div>
          </div>

          <div className="form-section options-grid">
            <label className="option">
              <span className="option-label">Prompt set</span>
              <select className="input" value={form.dataset} onChange={(e) => update('dataset', e.target.value)} data-testid="dataset-select">
                {(datasets ?? []).map((d) => (
                  <option key={d.spec} value={d.spec}>
                    {datasetText(d)}
                  </option>
                ))}
                <option value="">A folder or file (path)…</option>
              </select>
              {form.dataset === '' ? (
                <input
                  className="input input-wide mono"
                  placeholder="/path/to/mmlu or prompts.jsonl"
                  value={form.datasetPath}
                  onChange={(e) => update('datasetPath', e.target.value)}
                  data-testid="dataset-path"
                />
              ) : null}
              {selectedDataset?.note ? <span className="help muted">{selectedDataset.note}</span> : null}
            </label>
            <label className="option">
              <span className="option-label">n (prompts sampled, by subject)</span>
              <input className="input input-narrow" type="number" min={1} value={form.n} onChange={(e) => update('n', e.target.value)} data-testid="campaign-n" />
            </label>
            <label className="option">
              <span className="option-label">Repetitions</span>
              <input className="input input-narrow" type="number" min={1} max={100} value={form.reps} onChange={(e) => update('reps', e.target.value)} data-testid="campaign-reps" />
            </label>
            <label className="option">
              <span className="option-label">Seed</span>
              <input className="input input-narrow mono" placeholder="random (stored)" value={form.seed} onChange={(e) => update('seed', e.target.value)} data-testid="campaign-seed" />
            </label>
            <label className="option">
              <span className="option-label">Warm-up prompts per model</span>
              <input className="input input-narrow" type="number" min={0} max={20} value={form.warmup} onChange={(e) => update('warmup', e.target.value)} data-testid="campaign-warmup" />
              <span className="help muted">Run first and discarded.</span>
            </label>
            <label className="option">
              <span className="option-label">Max tokens per prompt</span>
              <input className="input input-narrow" type="number" min={1} max={4096} placeholder="lab default (64)" value={form.maxTokens} onChange={(e) => update('maxTokens', e.target.value)} data-testid="campaign-max-tokens" />
            </label>
            <label className="option">
              <span className="option-label">Energy method</span>
              <select className="input" value={form.energyMethod} onChange={(e) => update('energyMethod', e.target.value as EnergyMethodChoice)} data-testid="campaign-energy">
                {ENERGY_CHOICES.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {anyVirtual ? (
            <p className="help banner-inline-virtual" data-testid="campaign-virtual-note">
              Virtual phones are selected: their results are simulated, not measured.
            </p>
          ) : null}
        </fieldset>

        {formErrors.length ? (
          <div className="inline-error" role="alert" data-testid="campaign-form-errors">
            <ul className="error-list">
              {formErrors.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {startError ? (
          <div className="inline-error refusal" role="alert" data-testid="campaign-error">
            <strong>The lab did not start the run.</strong>
            <span className="pre-wrap">{startError.message}</span>
          </div>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={starting || running || models === null} data-testid="campaign-start">
            {starting ? 'Starting…' : running ? 'Running…' : 'Start'}
          </button>
          <span className="muted">
            {form.devices.length} device{form.devices.length === 1 ? '' : 's'} × {form.models.length} model
            {form.models.length === 1 ? '' : 's'}
          </span>
        </div>
      </form>

      {campaignId ? (
        <section
          className="panel live-panel"
          data-testid="campaign-progress"
          data-campaign-id={campaignId}
          data-status={shown?.status ?? 'starting'}
          data-done={shown?.done ?? 0}
          data-total={shown?.total ?? 0}
        >
          <div className="panel-head">
            <h3 className="panel-title">Progress</h3>
            <Badge tone={view?.tone ?? 'info'} testId="campaign-status">
              {view?.status ?? 'starting'}
            </Badge>
            <span className="mono muted">run {campaignId.slice(0, 8)}</span>
            <span className="strip-spacer" />
            {running ? (
              <button type="button" className="btn btn-danger btn-small" onClick={() => void cancel()} disabled={cancelMsg?.kind === 'ok'} data-testid="campaign-cancel">
                Cancel
              </button>
            ) : null}
            <a className="btn btn-small link-btn" href={campaignRouteHref(campaignId)} data-testid="open-campaign">
              Open run detail
            </a>
          </div>
          {resumed && running ? <p className="muted">Following a run that was already going.</p> : null}
          <ProgressBar percent={view ? view.percent : null} tone={view?.tone ?? 'info'} label="Campaign progress" testId="campaign-progress-bar" />
          <div className="progress-facts">
            <span className="tabular" data-testid="campaign-counts">
              {view?.counts ?? 'Waiting for the first progress report…'}
            </span>
            {view?.eta ? <span className="tabular">{view.eta}</span> : null}
            {view?.message ? <span className="muted">{view.message}</span> : null}
          </div>
          {cancelMsg ? (
            <div className={`action-msg action-${cancelMsg.kind}`} role="status" data-testid="campaign-cancel-result">
              {cancelMsg.text}
            </div>
          ) : null}
          {view && view.devices.length ? (
            <div className="table-wrap table-scroll">
              <table className="table table-compact" data-testid="campaign-devices">
                <thead>
                  <tr>
                    <th>Device</th>
                    <th>State</th>
                    <th>Model</th>
                    <th className="num">Done</th>
                    <th>Progress</th>
                    <th className="num">Power</th>
                    <th className="num">Decode</th>
                    <th className="num">Temp</th>
                    <th className="num">Battery</th>
                    <th>Now</th>
                  </tr>
                </thead>
                <tbody>
                  {view.devices.map((d) => (
                    <tr key={d.serial} data-testid="campaign-device-row" data-serial={d.serial}>
                      <td>
                        <a href={runHref(d.runId)} className="mono">
                          {d.serial}
                        </a>
                      </td>
                      <td>
                        <Badge tone={d.tone}>{d.state}</Badge>
                      </td>
                      <td className="mono">{d.model}</td>
                      <td className="num">{d.counts}</td>
                      <td className="cell-bar">
                        <ProgressBar percent={d.percent} tone={d.tone} label={`${d.serial} progress`} />
                        {d.eta ? <div className="sub">{d.eta}</div> : null}
                      </td>
                      <td className="num" data-testid="live-power">
                        {d.power}
                      </td>
                      <td className="num" data-testid="live-tps">
                        {d.tokens}
                      </td>
                      <td className="num">{d.temp}</td>
                      <td className="num">{d.battery}</td>
                      <td className="sub-cell">{d.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
