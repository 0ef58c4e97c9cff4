/** The lab's non-secret settings: adb, status polling, the LLM routers' models and endpoints, Compare's defaults. */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { SettingsView } from '../../../shared/api/settings';
import { getLab } from '../lab/client';
import { describeError, errorIssues } from '../lab/errors';
import type { ActionMessage } from '../lab/action';
import { ActionNote } from '../ui/Messages';
import { Option } from '../ui/Option';
import { buildSettingsPatch, serverFieldErrors, settingsToForm, type SettingsField, type SettingsForm } from './settings-view';
import { CostMetricOptions } from '../compare/CostMetricOptions';

/** A settings field: its error is named by the field, so the page and the tests can find it. */
function Field({ field, label, help, error, children }: { field: SettingsField; label: string; help?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <Option label={label} help={help} error={error} errorTestId={`setting-error-${field}`}>
      {children}
    </Option>
  );
}

export function SettingsFormPanel({ view, onSaved }: { view: SettingsView; onSaved: (v: SettingsView) => void }) {
  const [form, setForm] = useState<SettingsForm>(() => settingsToForm(view.settings));
  const [errors, setErrors] = useState<Partial<Record<SettingsField, string>>>({});
  const [msg, setMsg] = useState<ActionMessage | null>(null);
  const [saving, setSaving] = useState(false);

  function update<K extends SettingsField>(key: K, value: SettingsForm[K]) {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
    setMsg(null);
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    const b = buildSettingsPatch(form, view.settings);
    if (!b.ok) {
      setErrors(b.errors);
      return;
    }
    setErrors({});
    if (b.changed.length === 0) {
      setMsg({ kind: 'ok', text: 'Nothing changed.' });
      return;
    }
    setSaving(true);
    try {
      const v = await getLab().settings.set({ patch: b.patch });
      const restart = b.changed.some((c) => c === 'adbPath' || c === 'pollIntervalMs');
      setMsg({ kind: 'ok', text: `Saved ${b.changed.join(', ')}.${restart ? ' The adb path and poll interval apply the next time the lab starts.' : ''}` });
      setForm(settingsToForm(v.settings));
      onSaved(v);
    } catch (err) {
      const fields = serverFieldErrors(errorIssues(err));
      setErrors(fields);
      setMsg({ kind: 'error', text: `Not saved: ${describeError(err).message}` });
    } finally {
      setSaving(false);
    }
  }

  const text = (field: Exclude<SettingsField, 'compareCostMetric'>, props: { placeholder?: string; mono?: boolean; narrow?: boolean; type?: string } = {}) => (
    <input
      className={`input${props.narrow ? ' input-narrow' : ''}${props.mono ? ' mono' : ''}${errors[field] ? ' input-invalid' : ''}`}
      type={props.type ?? 'text'}
      placeholder={props.placeholder}
      value={form[field]}
      onChange={(e) => update(field, e.target.value)}
      aria-invalid={errors[field] ? true : undefined}
      data-testid={`setting-${field}`}
    />
  );

  return (
    <form className="panel" onSubmit={(e) => void save(e)} noValidate data-testid="settings-form">
      <h3 className="panel-title">Lab settings</h3>
      <fieldset disabled={saving} className="plain-fieldset">
        <div className="settings-grid">
          <Field field="adbPath" label="adb executable" help="Empty: the ADB environment variable, then adb on PATH. Read when the lab starts." error={errors.adbPath}>
            {text('adbPath', { placeholder: 'adb on PATH', mono: true })}
          </Field>
          <Field field="pollIntervalMs" label="Status poll interval (ms)" help="Live status per device, 250–60 000 ms. Read when the lab starts." error={errors.pollIntervalMs}>
            {text('pollIntervalMs', { narrow: true, type: 'number' })}
          </Field>
          <Field field="anthropicModel" label="Claude model id" help="The model asked to route (Compare: the claude strategy)." error={errors.anthropicModel}>
            {text('anthropicModel', { mono: true })}
          </Field>
          <Field field="geminiModel" label="Gemini model id" help="The model asked to route (Compare: the gemini strategy)." error={errors.geminiModel}>
            {text('geminiModel', { mono: true })}
          </Field>
          <Field field="llmConcurrency" label="LLM router concurrency" help="Requests in flight per LLM router, 1–32." error={errors.llmConcurrency}>
            {text('llmConcurrency', { narrow: true, type: 'number' })}
          </Field>
          <Field field="compareFolds" label="Compare: folds" help="k of the k-fold cross-fitting, 2–20." error={errors.compareFolds}>
            {text('compareFolds', { narrow: true, type: 'number' })}
          </Field>
          <Field field="compareK" label="Compare: K per fold’s router profile" help="“auto” (validation log-loss over 2..20) or 1–64." error={errors.compareK}>
            {text('compareK', { narrow: true, placeholder: 'auto' })}
          </Field>
          <Field field="compareCostMetric" label="Compare: cost metric" error={errors.compareCostMetric}>
            <select className="input" value={form.compareCostMetric} onChange={(e) => update('compareCostMetric', e.target.value as SettingsForm['compareCostMetric'])} data-testid="setting-compareCostMetric">
              <CostMetricOptions />
            </select>
          </Field>
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving} data-testid="settings-save">
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        <ActionNote message={msg} testId="settings-save-result" inline />
      </div>
    </form>
  );
}
