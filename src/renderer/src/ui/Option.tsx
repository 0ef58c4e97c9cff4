import type { ReactNode } from 'react';

/** One labelled field of a form: the label over its control, then what the field means (and what is wrong). */
export function Option({ label, help, error, errorTestId, children }: { label: ReactNode; help?: ReactNode; error?: string; errorTestId?: string; children: ReactNode }) {
  return (
    <label className="option">
      <span className="option-label">{label}</span>
      {children}
      {error ? (
        <span className="field-error" data-testid={errorTestId}>
          {error}
        </span>
      ) : null}
      {help ? <span className="help muted">{help}</span> : null}
    </label>
  );
}
