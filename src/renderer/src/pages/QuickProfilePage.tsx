import { useEffect, useState, type FormEvent } from 'react';
import { serialSchema } from '../../../shared/contract';
import type { DeviceSummary } from '../../../shared/devices';
import type { EnergyMethodChoice, ModelInfo, RunStatus, RunSummary } from '../../../shared/runs';
import { Badge, InlineError, VirtualBadge } from '../components/Badge';
import { ProgressBar } from '../components/ProgressBar';
import { PromptTable } from '../components/PromptTable';
import { chargingText, deviceName, freshestDevice } from '../devices/device-view';
import { describeError, errorMessage, type ShownError } from '../errors';
import { formatDateTime, formatRelative } from '../format';
import { useNow } from '../hooks/useNow';
import { useDevices } from '../hooks/useStores';
import { getLab } from '../lab';
import { deviceHref, runHref } from '../routing';
import { EMPTY_LIVE, liveAdopt, liveOnProgress, liveOnResult, liveWithStored, type LiveRun } from '../runs/live-run';
import { buildQuickRequest, initialQuickForm, parsePrompts, type QuickForm } from '../runs/quick-form';
import { PHASE_LABELS, looksLikePixel, modelView, progressView, runStatusTone } from '../runs/run-view';

export function QuickProfilePage({ serial }: { serial: string }) {
  if (!serialSchema.safeParse(serial).success) {
    return (
      <div className="page" data-testid="quick-profile-page">
        <nav className="breadcrumb" aria-label="Breadcrumb">
          <a href="#/devices">Devices</a>
        </nav>
        <InlineError message={`"${serial}" is not a device serial adb would print.`} testId="device-load-error" />
      </div>
    );
  }
  return <QuickProfile key={serial} serial={serial} />;
}

const ENERGY_CHOICES: Array<{ value: EnergyMethodChoice; label: string }> = [
  { value: 'auto', label: 'Auto (best source the phone offers now)' },
  { value: 'odpm', label: 'ODPM power rails' },
  { value: 'fuel-gauge', label: 'Fuel gauge (current × voltage)' },
  { value: 'charge-counter', label: 'Charge counter (coarse)' },
];

const EXAMPLE_PROMPTS = [
  'What is the capital of France?',
  'Which planet is largest? | Mars | Jupiter | Venus | Earth | B',
].join('\n');

function useDevice(serial: string): { device: DeviceSummary | null; loadError: ShownError | null } {
  const { devices } = useDevices();
  const listed = devices?.find((d) => d.serial === serial) ?? null;
  const [fetched, setFetched] = useState<DeviceSummary | null>(null);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  useEffect(() => {
    let cancelled = false;
    getLab()
      .devices.get({ serial })
      .then(
        (d) => {
          if (!cancelled) setFetched(d);
        },
        (e: unknown) => {
          if (!cancelled) setLoadError(describeError(e));
        },
      );
    return () => {
      cancelled = true;
    };
  }, [serial]);
  return { device: freshestDevice(listed, fetched), loadError };
}

function QuickProfile({ serial }: { serial: string }) {
  const { device, loadError } = useDevice(serial);
  const now = useNow();

  const [models, setModels] = useState<ModelInfo[] | null>(null);
  const [modelsError, setModelsError] = useState<string | null>(null);
  const [modelsAttempt, setModelsAttempt] = useState(0);
  const [form, setForm] = useState<QuickForm>(() => initialQuickForm());
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ShownError | null>(null);
  const [live, setLive] = useState<LiveRun>(EMPTY_LIVE);
  /** The run's stored status, polled while it runs (events are the fast path; this catches a dropped socket). */
  const [storedStatus, setStoredStatus] = useState<RunStatus | null>(null);
  const [cancelState, setCancelState] = useState<{ kind: 'pending' | 'ok' | 'error'; text: string } | null>(null);
  const [resumed, setResumed] = useState(false);
  const [recent, setRecent] = useState<RunSummary[] | null>(null);

  // Models.
  useEffect(() => {
    let cancelled = false;
    getLab()
      .runs.models({})
      .then(
        (m) => {
          if (!cancelled) {
            setModels(m);
            setModelsError(null);
          }
        },
        (e: unknown) => {
          if (!cancelled) setModelsError(`Could not load the model catalogue: ${errorMessage(e)}`);
        },
      );
    return () => {
      cancelled = true;
    };
  }, [modelsAttempt]);

  // Live events; subscribed before any start so no early event is missed.
  useEffect(() => {
    const lab = getLab();
    const offProgress = lab.on('runs.progress', (p) => setLive((s) => liveOnProgress(s, p, serial)));
    const offResult = lab.on('runs.result', (r) => setLive((s) => liveOnResult(s, r)));
    return () => {
      offProgress();
      offResult();
    };
  }, [serial]);

  const runId = live.runId;
  const phase = live.progress?.phase ?? null;
  const terminalPhase = phase === 'done' || phase === 'failed' || phase === 'cancelled';
  const finished = terminalPhase || (storedStatus !== null && storedStatus !== 'running');
  const running = runId !== null && !finished;

  // While running: poll the stored status now and then (cheap), so a lost event never leaves the page spinning.
  useEffect(() => {
    if (!runId || finished) return;
    let cancelled = false;
    const timer = setInterval(() => {
      getLab()
        .runs.get({ runId })
        .then(
          (r) => {
            if (!cancelled && r.status !== 'running') setStoredStatus(r.status);
          },
          () => {},
        );
    }, 4000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [runId, finished]);

  // Once the run ends (or when following one that was going): the stored results, in case an event was missed.
  useEffect(() => {
    if (!runId) return;
    if (!finished && !resumed) return;
    let cancelled = false;
    getLab()
      .runs.results({ runId })
      .then(
        (stored) => {
          if (!cancelled) setLive((s) => liveWithStored(s, stored));
        },
        () => {},
      );
    return () => {
      cancelled = true;
    };
  }, [runId, finished, resumed]);

  // On opening: follow a run still going on this phone (started elsewhere, or before the page was left).
  useEffect(() => {
    let cancelled = false;
    getLab()
      .runs.list({ serial, limit: 5 })
      .then(
        (runs) => {
          const going = runs.find((r) => r.status === 'running');
          if (cancelled || !going) return;
          setLive((s) => (s.runId === null ? liveAdopt(s, going.id) : s));
          setResumed(true);
        },
        () => {},
      );
    return () => {
      cancelled = true;
    };
  }, [serial]);

  // Recent runs of this phone, again whenever a run ends.
  useEffect(() => {
    let cancelled = false;
    getLab()
      .runs.list({ serial, limit: 5 })
      .then(
        (runs) => {
          if (!cancelled) setRecent(runs);
        },
        () => {},
      );
    return () => {
      cancelled = true;
    };
  }, [serial, finished]);

  if (!device) {
    return (
      <div className="page" data-testid="quick-profile-page">
        <Crumbs serial={serial} name={serial} />
        {loadError ? (
          <InlineError
            testId="device-load-error"
            message={loadError.code === 'not-found' ? `The lab knows no device with serial ${serial}.` : loadError.message}
          />
        ) : (
          <div className="panel muted">Loading {serial}…</div>
        )}
      </div>
    );
  }

  const name = deviceName(device);
  const isVirtual = device.virtual || (device.facts?.virtual ?? false);
  const pixel = looksLikePixel(device.facts);
  const sources = device.facts?.energySources ?? null;
  const status = device.status;
  const plugged = status ? status.chargingSource !== null || status.batteryStatus === 'charging' : null;
  const views = (models ?? []).map((m) => modelView(m, isVirtual));
  const effectiveModel = form.model || views.find((v) => v.usable)?.id || '';
  const parsed = parsePrompts(form.promptsText);
  const busy = starting || running;

  function update<K extends keyof QuickForm>(key: K, value: QuickForm[K]) {
    setForm((f) => ({ ...f, [key]: value }));
    setFormErrors([]);
  }

  async function start(e: FormEvent) {
    e.preventDefault();
    const built = buildQuickRequest(serial, { ...form, model: effectiveModel });
    if (!built.ok) {
      setFormErrors(built.errors);
      return;
    }
    setFormErrors([]);
    setStartError(null);
    setCancelState(null);
    setStoredStatus(null);
    setResumed(false);
    setLive(EMPTY_LIVE);
    setStarting(true);
    try {
      const res = await getLab().runs.quickRun(built.request);
      setLive((s) => liveAdopt(s, res.runId));
    } catch (err) {
      setStartError(describeError(err));
    } finally {
      setStarting(false);
    }
  }

  async function cancel() {
    if (!runId) return;
    setCancelState({ kind: 'pending', text: 'Cancelling after the prompt in flight…' });
    try {
      const res = await getLab().runs.cancel({ runId });
      setCancelState(
        res.cancelled
          ? { kind: 'ok', text: 'Cancel requested: the run stops after the prompt in flight; what was stored stays.' }
          : { kind: 'error', text: 'The lab is not running this run any more (it finished, or the lab that ran it stopped).' },
      );
      if (!res.cancelled) setStoredStatus((s) => s ?? 'failed');
    } catch (err) {
      setCancelState({ kind: 'error', text: `Cancel failed: ${errorMessage(err)}` });
    }
  }

  return (
    <div className="page" data-testid="quick-profile-page" data-serial={serial}>
      <Crumbs serial={serial} name={name} />
      <div className="page-header">
        <h1 data-testid="page-heading">Quick profile</h1>
        <span className="muted">{name}</span>
        {isVirtual ? <VirtualBadge /> : null}
        <span className="mono muted">{serial}</span>
      </div>
      <p className="muted page-intro">
        Load one model on this phone, measure an idle baseline, run a few prompts back to back and store each prompt’s
        latency and energy. For larger prompt sets over several models and phones, use a profiling campaign.
      </p>
      {isVirtual ? (
        <div className="banner banner-virtual" data-testid="virtual-note">
          This is a virtual phone: the lab runs the simulated engine on it, so every figure of this run is simulated,
          not measured. The first run may build the host runner first (about 10 s).
        </div>
      ) : null}
      {device.state !== 'device' ? (
        <div className="banner banner-warn" data-testid="device-not-ready">
          The phone is {device.state}: it must be online (the <em>device</em> state) to measure.
        </div>
      ) : null}

      <form className="panel quick-form" onSubmit={(e) => void start(e)} noValidate data-testid="quick-form">
        <fieldset disabled={busy} className="plain-fieldset">
          <div className="form-section">
            <h3 className="panel-title">Model</h3>
            {modelsError ? (
              <InlineError message={modelsError} testId="models-error" onRetry={() => setModelsAttempt((n) => n + 1)} />
            ) : models === null ? (
              <p className="muted">Loading the model catalogue…</p>
            ) : (
              <div className="table-wrap model-table-wrap">
                <table className="table table-compact model-table" data-testid="model-table">
                  <thead>
                    <tr>
                      <th aria-label="Pick" />
                      <th>Model</th>
                      <th className="num">Size</th>
                      <th>Weights</th>
                      <th>On this phone</th>
                    </tr>
                  </thead>
                  <tbody>
                    {views.map((m) => (
                      <tr
                        key={m.id}
                        className={`model-row${m.id === effectiveModel ? ' selected' : ''}${m.usable ? '' : ' unusable'}`}
                        data-testid="model-option"
                        data-model-id={m.id}
                        data-usable={m.usable}
                        onClick={() => update('model', m.id)}
                      >
                        <td>
                          <input
                            type="radio"
                            name="model"
                            value={m.id}
                            checked={m.id === effectiveModel}
                            onChange={() => update('model', m.id)}
                            aria-label={m.name}
                            data-testid="model-radio"
                          />
                        </td>
                        <td>
                          <strong>{m.name}</strong> <span className="mono muted">{m.id}</span>
                        </td>
                        <td className="num">{m.size}</td>
                        <td className="sub-cell">{m.weights}</td>
                        <td className={m.usable ? 'tone-ok' : 'tone-warn'}>{m.usable ? (isVirtual ? 'simulated' : 'ready') : m.note}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>

          <div className="form-section">
            <label className="panel-title" htmlFor="quick-prompts">
              Prompts
            </label>
            <textarea
              id="quick-prompts"
              className="textarea mono"
              rows={5}
              placeholder={EXAMPLE_PROMPTS}
              value={form.promptsText}
              onChange={(e) => update('promptsText', e.target.value)}
              spellCheck={false}
              data-testid="prompts-input"
            />
            <p className="help muted">
              One prompt per line. For a scored multiple-choice prompt add four choices and the answer letter, separated
              by <code>|</code>: <code>Which planet is largest? | Mars | Jupiter | Venus | Earth | B</code>. Open prompts
              measure latency and energy only. <span data-testid="prompt-count">{parsed.prompts.length} prompt{parsed.prompts.length === 1 ? '' : 's'}</span>.
            </p>
          </div>

          <div className="form-section options-grid">
            <label className="option">
              <span className="option-label">Energy method</span>
              <select
                className="input"
                value={form.energyMethod}
                onChange={(e) => update('energyMethod', e.target.value as EnergyMethodChoice)}
                data-testid="energy-method"
              >
                {ENERGY_CHOICES.map((c) => {
                  const available =
                    c.value === 'auto' ||
                    !sources ||
                    (c.value === 'odpm' ? sources.odpm : c.value === 'fuel-gauge' ? sources.fuelGauge : sources.chargeCounter);
                  return (
                    <option key={c.value} value={c.value} disabled={!available}>
                      {c.label}
                      {available ? '' : ' (not on this phone)'}
                    </option>
                  );
                })}
              </select>
              <span className="help muted">
                ODPM is precise and valid while charging; the fuel gauge and charge counter need the phone on battery.
              </span>
            </label>
            <label className="option">
              <span className="option-label">Max tokens per prompt</span>
              <input
                className="input input-narrow"
                type="number"
                min={1}
                max={4096}
                value={form.maxTokens}
                onChange={(e) => update('maxTokens', e.target.value)}
                data-testid="max-tokens"
              />
            </label>
            <label className="option option-check">
              <input type="checkbox" checked={form.warmup} onChange={(e) => update('warmup', e.target.checked)} data-testid="warmup" />
              <span>
                Warm-up prompt first <span className="muted">(discarded; a first fuel-gauge calibration always runs one)</span>
              </span>
            </label>
            <label className="option option-check">
              <input
                type="checkbox"
                checked={form.suspendCharging}
                onChange={(e) => update('suspendCharging', e.target.checked)}
                disabled={!pixel}
                data-testid="suspend-charging"
              />
              <span>
                Suspend charging while measuring <span className="muted">(Pixels only)</span>
                <span className="help muted" data-testid="suspend-help">
                  {pixel
                    ? 'The lab sets power.battery_input.suspended=true so a plugged-in Pixel runs on its battery, which the fuel gauge needs, and restores charging afterwards.'
                    : 'Only Pixels can cut their battery input from software; on this phone, unplug it (Wi-Fi debugging) to measure with the fuel gauge.'}
                </span>
              </span>
            </label>
          </div>

          {status ? (
            <p className={`help ${plugged ? 'tone-warn' : 'muted'}`} data-testid="charging-note">
              Now: {chargingText(status)}.
              {plugged
                ? sources?.odpm
                  ? ' ODPM stays valid while charging; the fuel gauge would measure the charger, so the lab refuses it unless charging is suspended.'
                  : ' The fuel gauge would measure the charger: the lab refuses to measure unless the phone is unplugged' +
                    (pixel ? ' or charging is suspended (above).' : '.')
                : ''}
            </p>
          ) : null}
        </fieldset>

        {formErrors.length ? (
          <div className="inline-error" role="alert" data-testid="quick-form-errors">
            <ul className="error-list">
              {formErrors.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {startError ? (
          <div className="inline-error refusal" role="alert" data-testid="quick-error" data-code={startError.code ?? ''}>
            <strong>The lab did not start the run.</strong>
            <span className="pre-wrap">{startError.message}</span>
          </div>
        ) : null}

        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || device.state !== 'device' || models === null}
            data-testid="quick-start"
          >
            {starting ? 'Starting…' : running ? 'Running…' : finished ? 'Run again' : 'Start'}
          </button>
          {starting ? <span className="muted">Checking the phone and starting the run…</span> : null}
        </div>
      </form>

      {runId || starting ? (
        <LivePanel
          live={live}
          now={now}
          running={running}
          finished={finished}
          storedStatus={storedStatus}
          resumed={resumed}
          cancelState={cancelState}
          onCancel={() => void cancel()}
        />
      ) : null}

      {runId ? (
        <section className="panel" data-testid="quick-results">
          <div className="panel-head">
            <h3 className="panel-title">Per-prompt results</h3>
            <span className="muted tabular">
              {live.results.length} of {live.progress?.total ?? '?'} stored
            </span>
          </div>
          <PromptTable results={live.results} emptyText="Prompt rows appear here as each prompt is measured and stored." />
        </section>
      ) : null}

      <RecentRuns runs={recent} now={now} />
    </div>
  );
}

function Crumbs({ serial, name }: { serial: string; name: string }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href="#/devices">Devices</a>
      <span className="muted"> / </span>
      <a href={deviceHref(serial)}>{name}</a>
      <span className="muted"> / Quick profile</span>
    </nav>
  );
}

function LivePanel({
  live,
  now,
  running,
  finished,
  storedStatus,
  resumed,
  cancelState,
  onCancel,
}: {
  live: LiveRun;
  now: number;
  running: boolean;
  finished: boolean;
  storedStatus: RunStatus | null;
  resumed: boolean;
  cancelState: { kind: 'pending' | 'ok' | 'error'; text: string } | null;
  onCancel: () => void;
}) {
  const p = live.progress;
  const view = p ? progressView(p, now) : null;
  const phaseText = view ? view.phase : finished && storedStatus ? storedStatus : live.runId ? 'Waiting for the lab' : 'Starting';
  return (
    <section
      className="panel live-panel"
      data-testid="quick-progress"
      data-run-id={live.runId ?? ''}
      data-phase={p?.phase ?? (finished ? storedStatus ?? '' : 'starting')}
      data-done={p?.done ?? 0}
      data-total={p?.total ?? 0}
      data-finished={finished}
    >
      <div className="panel-head">
        <h3 className="panel-title">Progress</h3>
        <Badge tone={view?.tone ?? (storedStatus ? runStatusTone(storedStatus) : 'info')} testId="progress-phase">
          {phaseText}
        </Badge>
        {live.runId ? <span className="mono muted">run {live.runId.slice(0, 8)}</span> : null}
        <span className="strip-spacer" />
        {running ? (
          <button
            type="button"
            className="btn btn-danger btn-small"
            onClick={onCancel}
            disabled={cancelState?.kind === 'pending' || cancelState?.kind === 'ok'}
            data-testid="quick-cancel"
          >
            Cancel
          </button>
        ) : null}
        {finished && live.runId ? (
          <a className="btn btn-small btn-primary link-btn" href={runHref(live.runId)} data-testid="open-run">
            Open run detail
          </a>
        ) : null}
      </div>
      {resumed && !finished ? (
        <p className="muted" data-testid="resumed-note">
          Following a run that was already going on this phone.
        </p>
      ) : null}
      <ProgressBar
        percent={view ? view.percent : finished ? 100 : null}
        tone={view?.tone ?? 'info'}
        testId="progress-bar"
        label="Run progress"
      />
      <div className="progress-facts">
        <span className="tabular" data-testid="progress-counts">
          {view ? view.counts : '—'}
        </span>
        {view?.eta ? (
          <span className="tabular" data-testid="progress-eta">
            {view.eta}
          </span>
        ) : null}
        {view?.bytes ? <span className="tabular muted">{view.bytes}</span> : null}
        {p?.modelId ? <span className="mono muted">{p.modelId}</span> : null}
      </div>
      {p ? (
        <p className={`progress-message${p.phase === 'failed' ? ' tone-bad' : ''}`} data-testid="progress-message">
          {p.message}
        </p>
      ) : null}
      {cancelState ? (
        <div className={`action-msg action-${cancelState.kind === 'error' ? 'error' : 'ok'}`} role="status" data-testid="cancel-result">
          {cancelState.text}
        </div>
      ) : null}
      {!p && !live.runId ? <p className="muted">{PHASE_LABELS.preparing}…</p> : null}
    </section>
  );
}

function RecentRuns({ runs, now }: { runs: RunSummary[] | null; now: number }) {
  if (!runs || runs.length === 0) return null;
  return (
    <section className="panel" data-testid="recent-runs">
      <div className="panel-head">
        <h3 className="panel-title">Recent runs on this phone</h3>
        <span className="strip-spacer" />
        <a href="#/runs">All runs</a>
      </div>
      <ul className="plain-list">
        {runs.map((r) => (
          <li key={r.id}>
            <a href={runHref(r.id)} className="mono">
              {r.id.slice(0, 8)}
            </a>{' '}
            <Badge tone={runStatusTone(r.status)}>{r.status}</Badge> {r.modelIds.join(', ')} · {r.promptCount} prompt
            {r.promptCount === 1 ? '' : 's'} ·{' '}
            <span title={formatDateTime(r.createdAt)}>{formatRelative(r.createdAt, now)}</span>
            {r.simulated ? <span className="muted"> · simulated</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
