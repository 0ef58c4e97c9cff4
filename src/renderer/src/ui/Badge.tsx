import type { ReactNode } from 'react';
import type { Tone } from '../devices/device-view';

export function Badge({
  tone,
  children,
  title,
  testId,
}: {
  tone: Tone;
  children: ReactNode;
  title?: string;
  testId?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} title={title} data-testid={testId}>
      {children}
    </span>
  );
}

export function VirtualBadge() {
  return (
    <span className="badge badge-virtual" title="An Aurora Lab virtual phone: every result from it is simulated" data-testid="virtual-badge">
      virtual
    </span>
  );
}

/** Inline error message for a failed API call. */
export function InlineError({ message, testId, onRetry }: { message: string; testId?: string; onRetry?: () => void }) {
  return (
    <div className="inline-error" role="alert" data-testid={testId}>
      <span>{message}</span>
      {onRetry ? (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
