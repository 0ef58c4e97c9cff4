import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { KeyStatus, LlmProviderId, SettingsView } from '../../../shared/api/settings';
import { InlineError } from '../ui/Badge';
import { describeError, errorIssues, errorMessage } from '../lab/errors';
import { labInfoStore, useLabInfo } from '../app/useLabInfo';
import { getLab } from '../lab/client';
import {
  PROVIDER_LABELS,
  buildSettingsPatch,
  keySourceText,
  readOnlyKeyNote,
  serverFieldErrors,
  settingsToForm,
  testKeyText,
  validateKey,
  type SettingsField,
  type SettingsForm,
} from './settings-view';

/** Lab settings (non-secret), API keys for the LLM routers (write-only), and what the lab runs with. */
export function SettingsPage() {
  const { info, error } = useLabInfo();
  const [view, setView] = useState<SettingsView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    getLab()
      .settings.get({})
      .then(
        (v) => {
          if (cancelled) return;
          setView(v);
          setLoadError(null);
        },
        (e: unknown) => {
          if (!cancelled) setLoadError(`Could not load the settings: ${errorMessage(e)}`);
        },
      );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  useEffect(() => getLab().on('settings.changed', (v) => setView(v)), []);

  return (
    <div className="page" data-testid="settings-page">
      <div className="page-header">
        <h1 data-testid="page-heading">Settings</h1>
      </div>
      {loadError ? <InlineError message={loadError} testId="settings-load-error" onRetry={() => setAttempt((n) => n + 1)} /> : null}
      {view ? (
        <>
          <SettingsFormPanel view={view} onSaved={setView} />
          <KeysPanel view={view} onChanged={() => setAttempt((n) => n + 1)} />
        </>
      ) : loadError ? null : (
        <div className="panel muted">Loading settings…</div>
      )}

      {error ? <InlineError message={error.message} onRetry={() => void labInfoStore().reload()} /> : null}
      {info ? (
        <section className="panel" data-testid="lab-info">
          <h3 className="panel-title">Lab</h3>
          <dl className="facts">
            <Row label="Version" value={info.version} />
            <Row label="Running as" value={info.host === 'electron' ? 'Electron app' : 'HTTP server (aurora-lab serve)'} />
            <Row label="Lab home" value={info.labHome} mono />
            <Row label="Database" value={`${info.databasePath} (schema ${info.schemaVersion})`} mono />
            <Row label="adb" value={info.adb.available ? `${info.adb.version ?? '?'} at ${info.adb.path ?? '?'}` : (info.adb.error ?? 'unavailable')} mono />
            <Row label="adb server port" value={String(info.adb.serverPort)} mono />
          </dl>
        </section>
      ) : null}
    </div>
  );
}

function Row({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{value}</dd>
    </div>
  );
}

function Field({ field, label, help, error, children }: { field: SettingsField; label: string; help?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <label className="option">
      <span className="option-label">{label}</span>
      {children}
      {error ? (
        <span className="field-error" data-testid={`setting-error-${field}`}>
          {error}
        </span>
      ) : null}
      {help ? <span className="help muted">{help}</span> : null}
    </label>
  );
}

function SettingsFormPanel({ view, onSaved }: { view: SettingsView; onSaved: (v: SettingsView) => void }) {
  const [form, setForm] = useState<SettingsForm>(() => settingsToForm(view.settings));
  const [errors, setErrors] = useState<Partial<Record<SettingsField, string>>>({});
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
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
          <Field field="anthropicBaseUrl" label="Anthropic API base URL" help="Empty: the provider’s default (or ANTHROPIC_BASE_URL)." error={errors.anthropicBaseUrl}>
            {text('anthropicBaseUrl', { placeholder: 'default', mono: true })}
          </Field>
          <Field field="geminiBaseUrl" label="Gemini API base URL" help="Empty: the provider’s default (or GEMINI_BASE_URL)." error={errors.geminiBaseUrl}>
            {text('geminiBaseUrl', { placeholder: 'default', mono: true })}
          </Field>
          <Field field="llmConcurrency" label="LLM router concurrency" help="Requests in flight per LLM router, 1–32." error={errors.llmConcurrency}>
            {text('llmConcurrency', { narrow: true, type: 'number' })}
          </Field>
          <Field field="compareFolds" label="Compare: folds" help="k of the k-fold cross-fitting, 2–20." error={errors.compareFolds}>
            {text('compareFolds', { narrow: true, type: 'number' })}
          </Field>
          <Field field="compareK" label="Compare: K per fold profile" help="“auto” (validation log-loss over 2..20) or 1–64." error={errors.compareK}>
            {text('compareK', { narrow: true, placeholder: 'auto' })}
          </Field>
          <Field field="compareCostMetric" label="Compare: cost metric" error={errors.compareCostMetric}>
            <select className="input" value={form.compareCostMetric} onChange={(e) => update('compareCostMetric', e.target.value as SettingsForm['compareCostMetric'])} data-testid="setting-compareCostMetric">
              <option value="size">Model size</option>
              <option value="latency">Measured latency</option>
              <option value="energy">Measured energy</option>
            </select>
          </Field>
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving} data-testid="settings-save">
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        {msg ? (
          <span className={`action-msg action-${msg.kind}`} role="status" data-testid="settings-save-result">
            {msg.text}
          </span>
        ) : null}
      </div>
    </form>
  );
}

function KeysPanel({ view, onChanged }: { view: SettingsView; onChanged: () => void }) {
  const note = readOnlyKeyNote(view);
  return (
    <section className="panel" data-testid="settings-keys" data-writable={view.keyStore.writable}>
      <h3 className="panel-title">API keys for the LLM routers</h3>
      <p className="help muted">{view.keyStore.note} A saved key is never shown again: only whether one is configured and where it comes from.</p>
      {note ? (
        <div className="banner banner-warn" data-testid="key-readonly-note">
          {note}
        </div>
      ) : null}
      {(['anthropic', 'gemini'] as const).map((p) => (
        <KeyRow key={p} provider={p} status={view.keys[p]} writable={view.keyStore.writable} onChanged={onChanged} />
      ))}
    </section>
  );
}

function KeyRow({ provider, status, writable, onChanged }: { provider: LlmProviderId; status: KeyStatus; writable: boolean; onChanged: () => void }) {
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState<'save' | 'delete' | 'test' | null>(null);
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    const problem = validateKey(key);
    if (problem) {
      setMsg({ kind: 'error', text: problem });
      return;
    }
    setBusy('save');
    setMsg(null);
    try {
      const s = await getLab().settings.setKey({ provider, key: key.trim() });
      setKey('');
      setMsg({ kind: 'ok', text: `Saved. ${keySourceText(s)}.` });
      onChanged();
    } catch (err) {
      setMsg({ kind: 'error', text: `Not saved: ${errorMessage(err)}` });
    } finally {
      setBusy(null);
    }
  }

  async function remove() {
    setBusy('delete');
    setMsg(null);
    try {
      const s = await getLab().settings.deleteKey({ provider });
      setMsg({ kind: 'ok', text: `Deleted the saved key. Now: ${keySourceText(s)}.` });
      onChanged();
    } catch (err) {
      setMsg({ kind: 'error', text: `Delete failed: ${errorMessage(err)}` });
    } finally {
      setBusy(null);
    }
  }

  async function test() {
    setBusy('test');
    setMsg(null);
    try {
      const r = testKeyText(await getLab().settings.testKey({ provider }));
      setMsg({ kind: r.ok ? 'ok' : 'error', text: r.text });
    } catch (err) {
      setMsg({ kind: 'error', text: `Test failed: ${errorMessage(err)}` });
    } finally {
      setBusy(null);
    }
  }

  return (
    <form className="key-row" onSubmit={(e) => void save(e)} noValidate data-testid="key-row" data-provider={provider} data-configured={status.configured} data-source={status.source ?? ''}>
      <div>
        <strong>{PROVIDER_LABELS[provider]}</strong>{' '}
        <span className={status.configured ? 'badge badge-ok' : 'badge badge-muted'} data-testid="key-status">
          {status.configured ? 'configured' : 'not configured'}
        </span>{' '}
        {status.configured ? <span className="muted">{keySourceText(status)}</span> : null}
      </div>
      <div className="connect-row">
        {writable ? (
          <>
            <input
              className="input mono"
              type="password"
              autoComplete="off"
              placeholder={status.source === 'safeStorage' ? 'paste a new key to replace it' : 'paste a key'}
              value={key}
              onChange={(e) => {
                setKey(e.target.value);
                setMsg(null);
              }}
              data-testid="key-input"
            />
            <button type="submit" className="btn btn-primary btn-small" disabled={busy !== null} data-testid="key-save">
              {busy === 'save' ? 'Saving…' : 'Save key'}
            </button>
            <button type="button" className="btn btn-danger btn-small" disabled={busy !== null || status.source !== 'safeStorage'} onClick={() => void remove()} data-testid="key-delete" title={status.source === 'safeStorage' ? 'Forget the saved key' : 'No saved key'}>
              Delete key
            </button>
          </>
        ) : (
          <span className="muted">Set {status.envVars.join(' or ')} for the lab process.</span>
        )}
        <button type="button" className="btn btn-small" disabled={busy !== null || !status.configured} onClick={() => void test()} data-testid="key-test" title="Checks the key and the model id with the provider; spends no tokens">
          {busy === 'test' ? 'Testing…' : 'Test key'}
        </button>
      </div>
      {msg ? (
        <span className={`action-msg action-${msg.kind}`} role="status" data-testid="key-result">
          {msg.text}
        </span>
      ) : null}
    </form>
  );
}
