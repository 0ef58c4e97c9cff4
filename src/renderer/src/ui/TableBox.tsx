import type { ReactNode } from 'react';
import { useOverflow } from './useOverflow';

/** A header cell: its label, or the label with `num` (right-aligned figures) and a tooltip. */
export type Column = string | { label: ReactNode; num?: boolean; title?: string; mono?: boolean };

/** A right-aligned column of figures. */
export function num(label: string, title?: string): Column {
  return { label, num: true, ...(title ? { title } : {}) };
}

/**
 * A table in its frame, its header made from a column list (or given whole as `head`) and its rows given as
 * children, so a page writes only what is particular to it. A table wider than the page scrolls sideways inside
 * its frame and says so: a shaded edge on the side with more columns and a line above it (`data-overflow` names
 * the sides), so no column ever just looks cut off.
 */
export function TableBox({
  columns,
  head,
  children,
  testId,
  className,
  compact = true,
  data,
}: {
  columns?: readonly Column[];
  /** The whole <thead> content instead of `columns` (grouped headers). */
  head?: ReactNode;
  children: ReactNode;
  testId?: string;
  /** Extra classes on the table. */
  className?: string;
  compact?: boolean;
  /** Extra data-* attributes for tests. */
  data?: Record<string, string | number | boolean>;
}) {
  const { attach, sides } = useOverflow();
  const attrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, String(v)]));
  const cls = ['table', compact ? 'table-compact' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <div className="table-frame" data-overflow={sides}>
      {sides ? (
        <p className="table-more" data-testid="table-more">
          {sides === 'left' ? '← More columns to the left: scroll back' : 'More columns to the right: scroll sideways (Shift + wheel, or the bar under the table) →'}
        </p>
      ) : null}
      <div className="table-edges">
        <div className="table-wrap table-scroll" ref={attach}>
          <table className={cls} data-testid={testId} {...attrs}>
            <thead>{head ?? <HeaderRow columns={columns ?? []} />}</thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      </div>
    </div>
  );
}

function HeaderRow({ columns }: { columns: readonly Column[] }) {
  return (
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
  );
}
