/**
 * What the lab said back, shown the same way on every page: an inline error with Retry, a list of errors (a form's
 * checks, field-named import issues), the lab's refusal to start something (its message kept whole, with line
 * breaks), and the outcome of a button's action.
 */
import type { ActionMessage } from '../lab/action';
import type { ShownError } from '../lab/errors';

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

/** Nothing when there is nothing wrong. */
export function ErrorList({ items, testId, title, mono, className = '' }: { items: readonly string[] | null; testId: string; title?: string; mono?: boolean; className?: string }) {
  if (!items || items.length === 0) return null;
  return (
    <div className={`inline-error${title ? ' refusal' : ''}${className ? ` ${className}` : ''}`} role="alert" data-testid={testId}>
      {title ? <strong>{title}</strong> : null}
      <ul className={`error-list${mono ? ' mono' : ''}`}>
        {items.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
}

/** The lab refused to start something: its whole message, which says how to fix it. */
export function Refusal({ title, error, testId }: { title: string; error: ShownError | null; testId: string }) {
  if (!error) return null;
  return (
    <div className="inline-error refusal" role="alert" data-testid={testId} data-code={error.code ?? ''}>
      <strong>{title}</strong>
      <span className="pre-wrap">{error.message}</span>
    </div>
  );
}

export function ActionNote({ message, testId, inline, className = '' }: { message: ActionMessage | null; testId: string; inline?: boolean; className?: string }) {
  if (!message) return null;
  const Tag = inline ? 'span' : 'div';
  return (
    <Tag className={`action-msg action-${message.kind}${className ? ` ${className}` : ''}`} role="status" data-testid={testId} data-outcome={message.kind}>
      {message.text}
    </Tag>
  );
}
