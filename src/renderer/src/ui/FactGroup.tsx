import type { ReactNode } from 'react';

export interface FactRow {
  label: string;
  value: ReactNode;
  title?: string;
  mono?: boolean;
}

/** A titled group of label/value rows. */
export function FactGroup({ title, rows, testId, children }: { title: string; rows: FactRow[]; testId?: string; children?: ReactNode }) {
  return (
    <section className="panel" data-testid={testId}>
      <h3 className="panel-title">{title}</h3>
      <dl className="facts">
        {rows.map((r) => (
          <div className="fact" key={r.label}>
            <dt>{r.label}</dt>
            <dd className={r.mono ? 'mono' : undefined} title={r.title}>
              {r.value}
            </dd>
          </div>
        ))}
      </dl>
      {children}
    </section>
  );
}
