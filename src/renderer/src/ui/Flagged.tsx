import type { ReactNode } from 'react';
import type { Flag } from './plausibility';

/**
 * A figure that is not a measurement, in place of the number: its short label ("no decode", "below idle") in the
 * warning ink with a dotted underline, the reason and the raw value in the tooltip.
 */
export function Flagged({ flag, raw, testId = 'flagged' }: { flag: Flag; raw?: string; testId?: string }) {
  return (
    <span className="flagged" title={raw ? `${raw}: ${flag.reason}` : flag.reason} data-testid={testId} data-flag={flag.label}>
      {flag.label}
    </span>
  );
}

/** The number, or its flag when the figure cannot be a measurement. */
export function FigureText({ text, flag, title }: { text: ReactNode; flag: Flag | null; title?: string }) {
  if (flag) return <Flagged flag={flag} raw={typeof text === 'string' ? text : undefined} />;
  return title ? <span title={title}>{text}</span> : <>{text}</>;
}
