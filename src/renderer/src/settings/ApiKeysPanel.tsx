/** API keys for the LLM routers: write-only (a saved key is never shown again), tested against the provider. */
import { useState, type FormEvent } from 'react';
import type { KeyStatus, LlmEndpoint, LlmProviderId, SettingsView } from '../../../shared/api/settings';
import { useLabAction } from '../lab/useLabAction';
import { ActionNote } from '../ui/Messages';
import { PROVIDER_LABELS, endpointText, keySourceText, readOnlyKeyNote, testKeyText, validateKey } from './settings-view';

export function KeysPanel({ view, onChanged }: { view: SettingsView; onChanged: () => void }) {
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
        <KeyRow key={p} provider={p} status={view.keys[p]} endpoint={view.endpoints[p]} writable={view.keyStore.writable} onChanged={onChanged} />
      ))}
      <p className="help muted">
        Where requests and keys go is set where the lab starts, never here: <code>--anthropic-base-url</code> / <code>--gemini-base-url</code>, or AURORA_ANTHROPIC_BASE_URL /
        AURORA_GEMINI_BASE_URL (https, or http to this computer only). A saved key is only sent to the endpoint it was saved for.
      </p>
    </section>
  );
}

function KeyRow({ provider, status, endpoint, writable, onChanged }: { provider: LlmProviderId; status: KeyStatus; endpoint: LlmEndpoint; writable: boolean; onChanged: () => void }) {
  const [key, setKey] = useState('');
  const action = useLabAction<'save' | 'delete' | 'test'>();
  const busy = action.busy;

  function save(e: FormEvent) {
    e.preventDefault();
    const problem = validateKey(key);
    if (problem) return action.setMessage({ kind: 'error', text: problem });
    void action.run(
      'save',
      async (lab) => {
        const s = await lab.settings.setKey({ provider, key: key.trim() });
        setKey('');
        onChanged();
        return { kind: 'ok', text: `Saved. ${keySourceText(s)}.` };
      },
      'Not saved',
    );
  }
  const remove = () =>
    void action.run(
      'delete',
      async (lab) => {
        const s = await lab.settings.deleteKey({ provider });
        onChanged();
        return { kind: 'ok', text: `Deleted the saved key. Now: ${keySourceText(s)}.` };
      },
      'Delete failed',
    );
  const test = () =>
    void action.run(
      'test',
      async (lab) => {
        const r = testKeyText(await lab.settings.testKey({ provider }));
        return { kind: r.ok ? 'ok' : 'error', text: r.text };
      },
      'Test failed',
    );

  return (
    <form className="key-row" onSubmit={save} noValidate data-testid="key-row" data-provider={provider} data-configured={status.configured} data-source={status.source ?? ''}>
      <div>
        <strong>{PROVIDER_LABELS[provider]}</strong>{' '}
        <span className={status.configured ? 'badge badge-ok' : 'badge badge-muted'} data-testid="key-status">
          {status.configured ? 'configured' : 'not configured'}
        </span>{' '}
        {status.configured ? <span className="muted">{keySourceText(status)}</span> : null}
        <div className={endpoint.error || status.problem ? 'help key-endpoint-warn' : 'help muted'} data-testid="key-endpoint">
          Endpoint: {endpointText(endpoint)}
          {status.problem ? ` · ${status.problem}` : ''}
        </div>
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
                action.setMessage(null);
              }}
              data-testid="key-input"
            />
            <button type="submit" className="btn btn-primary btn-small" disabled={busy !== null} data-testid="key-save">
              {busy === 'save' ? 'Saving…' : 'Save key'}
            </button>
            <button type="button" className="btn btn-danger btn-small" disabled={busy !== null || status.source !== 'safeStorage'} onClick={remove} data-testid="key-delete" title={status.source === 'safeStorage' ? 'Forget the saved key' : 'No saved key'}>
              Delete key
            </button>
          </>
        ) : (
          <span className="muted">Set {status.envVars.join(' or ')} for the lab process.</span>
        )}
        <button type="button" className="btn btn-small" disabled={busy !== null || !status.configured} onClick={test} data-testid="key-test" title="Checks the key and the model id with the provider; spends no tokens">
          {busy === 'test' ? 'Testing…' : 'Test key'}
        </button>
      </div>
      <ActionNote message={action.message} testId="key-result" inline />
    </form>
  );
}
