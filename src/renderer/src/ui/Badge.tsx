import type { ReactNode } from 'react';
import type { Tone } from './status';

export function Badge({ tone, children, title, testId }: { tone: Tone; children: ReactNode; title?: string; testId?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title} data-testid={testId}>
      {children}
    </span>
  );
}

/** A device that is an Aurora Lab virtual phone. */
export function VirtualBadge() {
  return (
    <span className="badge badge-virtual" title="An Aurora Lab virtual phone: every result from it is simulated" data-testid="virtual-badge">
      virtual
    </span>
  );
}

/** Figures that come from virtual phones: never shown without this next to them. */
export function SimulatedBadge({ children = 'simulated', title = 'From a virtual phone: simulated, not measured', testId }: { children?: ReactNode; title?: string; testId?: string }) {
  return (
    <span className="badge badge-virtual" title={title} data-testid={testId}>
      {children}
    </span>
  );
}
