/** The campaign form: which devices, which models, which prompt set, how many prompts and repetitions, and how. */
import { useState, type FormEvent } from 'react';
import type { DatasetOption } from '../../../shared/api/campaigns';
import type { DeviceSummary } from '../../../shared/devices';
import type { EnergyMethodChoice, ModelInfo } from '../../../shared/runs';
import { deviceName, stateTone } from '../devices/device-view';
import type { ShownError } from '../lab/errors';
import { modelView } from '../runs/run-view';
import { Badge, VirtualBadge } from '../ui/Badge';
import { plural } from '../../../shared/format';
import { toggled } from '../ui/forms';
import { ErrorList, InlineError, Refusal } from '../ui/Messages';
import { Option } from '../ui/Option';
import { SubjectPicker } from './SubjectPicker';
import { buildCampaignRequest, datasetText, initialCampaignForm, type CampaignForm as Form, type CampaignStartRequest } from './campaign-form';

const ENERGY_CHOICES: Array<{ value: EnergyMethodChoice; label: string }> = [
  { value: 'auto', label: 'Auto (best source per phone)' },
  { value: 'odpm', label: 'ODPM power rails' },
  { value: 'fuel-gauge', label: 'Fuel gauge' },
  { value: 'charge-counter', label: 'Charge counter (coarse)' },
];

export interface CampaignFormProps {
  devices: readonly DeviceSummary[] | null;
  devicesError: string | null;
  choices: { data: { models: ModelInfo[]; datasets: DatasetOption[] } | undefined; error: ShownError | null; refetch: () => void };
  busy: boolean;
  starting: boolean;
  running: boolean;
  startError: ShownError | null;
  onStart: (request: CampaignStartRequest) => void;
}

export function CampaignForm({ devices, devicesError, choices, busy, starting, running, startError, onStart }: CampaignFormProps) {
  const [form, setForm] = useState<Form>(initialCampaignForm);
  const [formErrors, setFormErrors] = useState<string[]>([]);
  // Prompts in the chosen subjects (null: unknown, or all subjects: the set's size applies).
  const [subjectPool, setSubjectPool] = useState<number | null>(null);
  const models = choices.data?.models ?? null;
  const datasets = choices.data?.datasets ?? null;
  const picked = (devices ?? []).filter((d) => d.state === 'device' && form.devices.includes(d.serial));
  const anyVirtual = picked.some((d) => d.virtual);
  const anyReal = picked.some((d) => !d.virtual);
  const selectedDataset = datasets?.find((d) => d.spec === form.dataset) ?? null;

  function update<K extends keyof Form>(key: K, value: Form[K]) {
    setForm((f) => ({ ...f, [key]: value }));
    setFormErrors([]);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const built = buildCampaignRequest(form, form.subjects.length ? subjectPool : (selectedDataset?.size ?? null));
    if (!built.ok) return setFormErrors(built.errors);
    setFormErrors([]);
    onStart(built.request);
  }

  const num = (key: 'n' | 'reps' | 'warmup' | 'maxTokens', testId: string, props: { min: number; max?: number; placeholder?: string }) => (
    <input className="input input-narrow" type="number" {...props} value={form[key]} onChange={(e) => update(key, e.target.value)} data-testid={testId} />
  );

  return (
    <form className="panel" onSubmit={submit} noValidate data-testid="campaign-form">
      <fieldset disabled={busy} className="plain-fieldset">
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
                        <input type="checkbox" checked={form.devices.includes(d.serial)} disabled={!usable} onChange={(e) => update('devices', toggled(form.devices, d.serial, e.target.checked))} />
                        <span>
                          {deviceName(d)} <span className="mono muted">{d.serial}</span> {d.virtual ? <VirtualBadge /> : null}{' '}
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
            {choices.error ? (
              <InlineError message={`Could not load the models and prompt sets: ${choices.error.message}`} testId="campaign-load-error" onRetry={choices.refetch} />
            ) : null}
            {models === null ? (
              choices.error ? null : <p className="muted">Loading the model catalogue…</p>
            ) : (
              <ul className="check-list" data-testid="model-options">
                {models.map((m) => {
                  const sim = modelView(m, true);
                  const real = modelView(m, false);
                  return (
                    <li key={m.id}>
                      <label data-testid="campaign-model-option" data-model-id={m.id}>
                        <input type="checkbox" checked={form.models.includes(m.id)} onChange={(e) => update('models', toggled(form.models, m.id, e.target.checked))} />
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
            <select
              className="input"
              value={form.dataset}
              onChange={(e) => setForm((f) => ({ ...f, dataset: e.target.value, subjects: [] }))}
              data-testid="dataset-select"
            >
              {(datasets ?? []).map((d) => (
                <option key={d.spec} value={d.spec}>
                  {datasetText(d)}
                </option>
              ))}
              <option value="">A folder or file (path)…</option>
            </select>
            {form.dataset === '' ? (
              <input className="input input-wide mono" placeholder="/path/to/mmlu or prompts.jsonl" value={form.datasetPath} onChange={(e) => update('datasetPath', e.target.value)} data-testid="dataset-path" />
            ) : null}
            {selectedDataset?.note ? <span className="help muted">{selectedDataset.note}</span> : null}
          </label>
          <SubjectPicker
            dataset={form.dataset === '' ? form.datasetPath.trim() : form.dataset}
            selected={form.subjects}
            onChange={(subjects, pool) => {
              update('subjects', subjects);
              setSubjectPool(pool);
            }}
          />
          <Option label="n (prompts sampled, by subject)">
            {num('n', 'campaign-n', { min: 1 })}
          </Option>
          <Option label="Repetitions">
            {num('reps', 'campaign-reps', { min: 1, max: 100 })}
          </Option>
          <Option label="Seed">
            <input className="input input-narrow mono" placeholder="random (stored)" value={form.seed} onChange={(e) => update('seed', e.target.value)} data-testid="campaign-seed" />
          </Option>
          <Option label="Warm-up prompts per model" help="Run first and discarded.">
            {num('warmup', 'campaign-warmup', { min: 0, max: 20 })}
          </Option>
          <Option label="Max tokens per prompt">
            {num('maxTokens', 'campaign-max-tokens', { min: 1, max: 4096, placeholder: 'lab default (64)' })}
          </Option>
          <Option label="Energy method">
            <select className="input" value={form.energyMethod} onChange={(e) => update('energyMethod', e.target.value as EnergyMethodChoice)} data-testid="campaign-energy">
              {ENERGY_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </Option>
        </div>
        {anyVirtual ? (
          <p className="help banner-inline-virtual" data-testid="campaign-virtual-note">
            Virtual phones are selected: their results are simulated, not measured.
          </p>
        ) : null}
      </fieldset>

      <ErrorList items={formErrors} testId="campaign-form-errors" />
      <Refusal title="The lab did not start the campaign." error={startError} testId="campaign-error" />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || models === null} data-testid="campaign-start">
          {starting ? 'Starting…' : running ? 'Running…' : 'Start campaign'}
        </button>
        <span className="muted">
          {plural(form.devices.length, 'device')} × {plural(form.models.length, 'model')}: one run per device
        </span>
      </div>
    </form>
  );
}
