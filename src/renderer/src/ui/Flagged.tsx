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

