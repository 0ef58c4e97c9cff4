import type { ReactNode } from 'react';

/** A header cell: its label, or the label with `num` (right-aligned figures) and a tooltip. */
export type Column = string | { label: ReactNode; num?: boolean; title?: string; mono?: boolean };

/** A right-aligned column of figures. */
export function num(label: string, title?: string): Column {
  return { label, num: true, ...(title ? { title } : {}) };
}

/**
 * A table in its frame (scrolling sideways when wide), its header made from a column list and its rows given as
 * children, so a page writes only what is particular to it.
 */
export function TableBox({
  columns,
  children,
  testId,
  className,
  compact = true,
  scroll = true,
  data,
}: {
  columns: readonly Column[];
  children: ReactNode;
  testId?: string;
  /** Extra classes on the table. */
  className?: string;
  compact?: boolean;
  scroll?: boolean;
  /** Extra data-* attributes for tests. */
  data?: Record<string, string | number | boolean>;
}) {
  const attrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, String(v)]));
  const cls = ['table', compact ? 'table-compact' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <div className={scroll ? 'table-wrap table-scroll' : 'table-wrap'}>
      <table className={cls} data-testid={testId} {...attrs}>
        <thead>
          <tr>
            {columns.map((c, i) => {
              const col = typeof c === 'string' ? { label: c } : c;
              const thClass = [col.num ? 'num' : '', col.mono ? 'mono' : ''].filter(Boolean).join(' ');
              return (
                <th key={i} className={thClass || undefined} title={col.title}>
                  {col.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
