/** A progress bar: determinate (0-100) or, with `percent` null, an indeterminate stripe. */
export function ProgressBar({ percent, tone = 'info', testId, label }: { percent: number | null; tone?: string; testId?: string; label: string }) {
  const p = percent === null ? null : Math.max(0, Math.min(100, percent));
  return (
    <div
      className={`progress progress-${tone}${p === null ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={p === null ? undefined : Math.round(p)}
      data-testid={testId}
      data-percent={p === null ? '' : Math.round(p)}
    >
      <div className="progress-fill" style={p === null ? undefined : { width: `${p}%` }} />
    </div>
  );
}
