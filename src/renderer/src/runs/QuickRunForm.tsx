/** The quick run form: a model the phone can run, prompts one per line, the energy method and measuring options. */
import { useState, type FormEvent } from 'react';
import type { DeviceSummary } from '../../../shared/devices';
import type { EnergyMethodChoice, ModelInfo } from '../../../shared/runs';
import { chargingText, isPlugged, isVirtualDevice } from '../devices/device-view';
import type { ShownError } from '../lab/errors';
import { plural } from '../../../shared/format';
import { ErrorList, InlineError, Refusal } from '../ui/Messages';
import { Option } from '../ui/Option';
import { buildQuickRequest, initialQuickForm, parsePrompts, type QuickForm, type QuickRunRequest } from './quick-form';
import { looksLikePixel, modelView, type ModelView } from './run-view';

const ENERGY_CHOICES: Array<{ value: EnergyMethodChoice; label: string }> = [
  { value: 'auto', label: 'Auto (best source the phone offers now)' },
  { value: 'odpm', label: 'ODPM power rails' },
  { value: 'fuel-gauge', label: 'Fuel gauge (current × voltage)' },
  { value: 'charge-counter', label: 'Charge counter (coarse)' },
];

const EXAMPLE_PROMPTS = ['What is the capital of France?', 'Which planet is largest? | Mars | Jupiter | Venus | Earth | B'].join('\n');

export interface QuickRunFormProps {
  device: DeviceSummary;
  models: { data: ModelInfo[] | undefined; error: ShownError | null; refetch: () => void };
  busy: boolean;
  starting: boolean;
  running: boolean;
  finished: boolean;
  startError: ShownError | null;
  onStart: (request: QuickRunRequest) => void;
}

export function QuickRunForm({ device, models, busy, starting, running, finished, startError, onStart }: QuickRunFormProps) {
  const [form, setForm] = useState<QuickForm>(() => initialQuickForm());
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const isVirtual = isVirtualDevice(device);
  const views = (models.data ?? []).map((m) => modelView(m, isVirtual));
  const effectiveModel = form.model || views.find((v) => v.usable)?.id || '';
  const parsed = parsePrompts(form.promptsText);

  function update<K extends keyof QuickForm>(key: K, value: QuickForm[K]) {
    setForm((f) => ({ ...f, [key]: value }));
    setFormErrors([]);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const built = buildQuickRequest(device.serial, { ...form, model: effectiveModel });
    if (!built.ok) return setFormErrors(built.errors);
    setFormErrors([]);
    onStart(built.request);
  }

  return (
    <form className="panel quick-form" onSubmit={submit} noValidate data-testid="quick-form">
      <fieldset disabled={busy} className="plain-fieldset">
        <div className="form-section">
          <h3 className="panel-title">Model</h3>
          {models.error ? (
            <InlineError message={`Could not load the model catalogue: ${models.error.message}`} testId="models-error" onRetry={models.refetch} />
          ) : models.data === undefined ? (
            <p className="muted">Loading the model catalogue…</p>
          ) : (
            <ModelTable views={views} selected={effectiveModel} isVirtual={isVirtual} onPick={(id) => update('model', id)} />
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
            One prompt per line. For a scored multiple-choice prompt add four choices and the answer letter, separated by{' '}
            <code>|</code>: <code>Which planet is largest? | Mars | Jupiter | Venus | Earth | B</code>. Open prompts measure
            latency and energy only. <span data-testid="prompt-count">{plural(parsed.prompts.length, 'prompt')}</span>.
          </p>
        </div>

        <MeasuringOptions device={device} form={form} update={update} />
      </fieldset>

      <ErrorList items={formErrors} testId="quick-form-errors" />
      <Refusal title="The lab did not start the run." error={startError} testId="quick-error" />

      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || device.state !== 'device' || models.data === undefined} data-testid="quick-start">
          {starting ? 'Starting…' : running ? 'Running…' : finished ? 'Run again' : 'Start'}
        </button>
        {starting ? <span className="muted">Checking the phone and starting the run…</span> : null}
      </div>
    </form>
  );
}

function ModelTable({ views, selected, isVirtual, onPick }: { views: ModelView[]; selected: string; isVirtual: boolean; onPick: (id: string) => void }) {
  return (
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
              className={`model-row${m.id === selected ? ' selected' : ''}${m.usable ? '' : ' unusable'}`}
              data-testid="model-option"
              data-model-id={m.id}
              data-usable={m.usable}
              onClick={() => onPick(m.id)}
            >
              <td>
                <input type="radio" name="model" value={m.id} checked={m.id === selected} onChange={() => onPick(m.id)} aria-label={m.name} data-testid="model-radio" />
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
  );
}

function MeasuringOptions({ device, form, update }: { device: DeviceSummary; form: QuickForm; update: <K extends keyof QuickForm>(key: K, value: QuickForm[K]) => void }) {
  const pixel = looksLikePixel(device.facts);
  const sources = device.facts?.energySources ?? null;
  const status = device.status;
  const plugged = isPlugged(status);
  return (
    <>
      <div className="form-section options-grid">
        <Option label="Energy method" help="ODPM is precise and valid while charging; the fuel gauge and charge counter need the phone on battery.">
          <select className="input" value={form.energyMethod} onChange={(e) => update('energyMethod', e.target.value as EnergyMethodChoice)} data-testid="energy-method">
            {ENERGY_CHOICES.map((c) => {
              const available = c.value === 'auto' || !sources || (c.value === 'odpm' ? sources.odpm : c.value === 'fuel-gauge' ? sources.fuelGauge : sources.chargeCounter);
              return (
                <option key={c.value} value={c.value} disabled={!available}>
                  {c.label}
                  {available ? '' : ' (not on this phone)'}
                </option>
              );
            })}
          </select>
        </Option>
        <Option label="Max tokens per prompt">
          <input className="input input-narrow" type="number" min={1} max={4096} value={form.maxTokens} onChange={(e) => update('maxTokens', e.target.value)} data-testid="max-tokens" />
        </Option>
        <label className="option option-check">
          <input type="checkbox" checked={form.warmup} onChange={(e) => update('warmup', e.target.checked)} data-testid="warmup" />
          <span>
            Warm-up prompt first <span className="muted">(discarded; a first fuel-gauge calibration always runs one)</span>
          </span>
        </label>
        <label className="option option-check">
          <input type="checkbox" checked={form.suspendCharging} onChange={(e) => update('suspendCharging', e.target.checked)} disabled={!pixel} data-testid="suspend-charging" />
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
              : ' The fuel gauge would measure the charger: the lab refuses to measure unless the phone is unplugged' + (pixel ? ' or charging is suspended (above).' : '.')
            : ''}
        </p>
      ) : null}
    </>
  );
}
