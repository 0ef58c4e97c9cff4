import { useState, type FormEvent } from 'react';
import { classifyConnectMessage, validateAddress } from './device-view';
import { errorMessage } from '../lab/errors';
import { getLab } from '../lab/client';

type Outcome = { kind: 'ok' | 'failed' | 'error'; message: string; serial?: string };

/** Connect a network device (`host:port`): Wi-Fi debugging, a device farm, or a virtual phone. */
export function ConnectForm({ onConnected }: { onConnected?: (serial: string) => void }) {
  const [address, setAddress] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  function onChange(value: string) {
    setAddress(value);
    if (touched) {
      const v = validateAddress(value);
      setFieldError(v.ok ? null : v.message);
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    const v = validateAddress(address);
    if (!v.ok) {
      setFieldError(v.message);
      return;
    }
    setFieldError(null);
    setSubmitting(true);
    setOutcome(null);
    try {
      const res = await getLab().devices.connect({ address: v.address });
      const kind = classifyConnectMessage(res.message);
      setOutcome({ kind, message: res.message, serial: res.serial });
      if (kind === 'ok') onConnected?.(res.serial);
    } catch (err) {
      setOutcome({ kind: 'error', message: errorMessage(err) });
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form className="connect-form" onSubmit={onSubmit} noValidate data-testid="connect-form">
      <label htmlFor="connect-address" className="connect-label">
        Connect a network device
      </label>
      <div className="connect-row">
        <input
          id="connect-address"
          className={`input mono${fieldError ? ' input-invalid' : ''}`}
          type="text"
          placeholder="host:port, e.g. 192.168.1.20:5555"
          autoComplete="off"
          spellCheck={false}
          value={address}
          disabled={submitting}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? 'connect-address-error' : undefined}
          data-testid="connect-input"
        />
        <button type="submit" className="btn btn-primary" disabled={submitting} data-testid="connect-button">
          {submitting ? 'Connecting…' : 'Connect'}
        </button>
        {fieldError ? (
          <span id="connect-address-error" className="field-error" data-testid="connect-field-error">
            {fieldError}
          </span>
        ) : null}
        {outcome && !fieldError ? (
          <span
            className={`connect-outcome outcome-${outcome.kind}`}
            role="status"
            data-testid="connect-result"
            data-outcome={outcome.kind}
          >
            {outcome.kind === 'error' ? `Error: ${outcome.message}` : outcome.message}
          </span>
        ) : null}
      </div>
    </form>
  );
}
