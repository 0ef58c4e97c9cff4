/**
 * Per-prompt figures of a run, one page of rows at a time (a campaign's device run has thousands): search by text,
 * filter by outcome and model, page through the matches. Each row has the engine's figures, energy and its
 * provenance, temperature and thermal status, the answer when scored; the full prompt, response and any error
 * unfold under it. Filtering and paging are prompt-filter.ts.
 */
import { Fragment, useMemo, useState } from 'react';
import type { PromptResult } from '../../../shared/runs';
import { TableBox } from '../ui/TableBox';
import { EMPTY_QUERY, OUTCOMES, filterPromptRows, isFilteredQuery, outcomeCounts, pageOf, pageText, promptModels, type PromptOutcome, type PromptQuery } from './prompt-filter';
import { PROMPT_COLUMNS, promptRows } from './prompt-table';
import { PromptDetail, PromptRowView, columnCount, type RowShape } from './PromptRows';
import { MIN_METER_UPDATES } from './run-view';

export function PromptTable({ results, emptyText }: { results: readonly PromptResult[]; emptyText: string }) {
  const allRows = useMemo(() => promptRows(results), [results]);
  const [query, setQuery] = useState<PromptQuery>(EMPTY_QUERY);
  const [page, setPage] = useState(0);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const matches = useMemo(() => filterPromptRows(allRows, query), [allRows, query]);
  const shown = pageOf(matches, page);
  const models = useMemo(() => promptModels(allRows), [allRows]);
  const counts = useMemo(() => outcomeCounts(allRows), [allRows]);
  const shape: RowShape = { multiModel: models.length > 1, anyScored: allRows.some((r) => r.answer !== null) };
  const anyCoarse = shown.rows.some((r) => r.resolution?.coarse);
  const anyFlag = shown.rows.some((r) => Object.keys(r.flags).length > 0);

  const change = (q: Partial<PromptQuery>) => {
    setQuery((old) => ({ ...old, ...q }));
    setPage(0);
  };
  const toggle = (id: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (allRows.length === 0) {
    return (
      <p className="muted" data-testid="prompt-table-empty">
        {emptyText}
      </p>
    );
  }
  const filtered = isFilteredQuery(query);
  return (
    <>
      <div className="prompt-tools" data-testid="prompt-tools">
        <input
          className="input prompt-search"
          type="search"
          placeholder="Search prompt, subject, model, response…"
          value={query.text}
          onChange={(e) => change({ text: e.target.value })}
          aria-label="Search the prompts"
          data-testid="prompt-search"
        />
        <select className="input" value={query.outcome} onChange={(e) => change({ outcome: e.target.value as PromptOutcome })} aria-label="Outcome" data-testid="prompt-outcome">
          {OUTCOMES.map((o) => (
            <option key={o.id} value={o.id} disabled={o.id !== 'all' && counts[o.id] === 0}>
              {o.label} ({counts[o.id]})
            </option>
          ))}
        </select>
        {models.length > 1 ? (
          <select className="input" value={query.model} onChange={(e) => change({ model: e.target.value })} aria-label="Model" data-testid="prompt-model">
            <option value="">All models</option>
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        ) : null}
        {filtered ? (
          <button type="button" className="btn btn-small" onClick={() => change(EMPTY_QUERY)} data-testid="prompt-clear">
            Clear
          </button>
        ) : null}
        <span className="strip-spacer" />
        <Pager page={shown.page} pages={shown.pages} onPage={setPage} text={pageText(shown, allRows.length, filtered)} />
      </div>
      {shown.rows.length === 0 ? (
        <p className="muted" data-testid="prompt-no-match">
          No prompt matches these filters.
        </p>
      ) : (
        <TableBox head={<Head shape={shape} />} testId="prompt-table" data={{ rows: allRows.length, matches: matches.length, shown: shown.rows.length, page: shown.page + 1, pages: shown.pages }}>
          {shown.rows.map((r) => (
            <Fragment key={r.id}>
              <PromptRowView row={r} shape={shape} open={open.has(r.id)} onToggle={() => toggle(r.id)} />
              {open.has(r.id) ? (
                <tr className="prompt-detail-row" data-testid="prompt-detail">
                  <td colSpan={columnCount(shape)}>
                    <PromptDetail row={r} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </TableBox>
      )}
      {shown.pages > 1 ? (
        <div className="prompt-tools prompt-tools-foot">
          <span className="strip-spacer" />
          <Pager page={shown.page} pages={shown.pages} onPage={setPage} text={pageText(shown, allRows.length, filtered)} foot />
        </div>
      ) : null}
      {anyFlag ? (
        <p className="legend muted" data-testid="flag-legend">
          <span className="flagged">no decode</span>, <span className="flagged">below idle</span>: figures that cannot be
          measurements (a one-token reply has no decode speed; a prompt cannot use less than the idle phone). Hover one for
          the raw value and why.
        </p>
      ) : null}
      {anyCoarse ? (
        <p className="legend muted" data-testid="resolution-legend">
          <span className="res-flag">*</span> The energy of a prompt spanning fewer than {MIN_METER_UPDATES} meter updates
          (gauge updates or ODPM reads) is coarse: expect errors of several percent or more. Longer prompts, or ODPM at a
          faster poll rate, give finer figures.
        </p>
      ) : null}
    </>
  );
}

function Head({ shape }: { shape: RowShape }) {
  return (
    <tr>
      <th className="num">#</th>
      {shape.multiModel ? <th>Model</th> : null}
      <th>Prompt</th>
      {shape.anyScored ? <th title="The letter extracted from the reply, and whether it matches the key">Answer</th> : null}
      <th>Response</th>
      {PROMPT_COLUMNS.map((c) => (
        <th key={c.key} className="num" title={c.title}>
          {c.label}
        </th>
      ))}
      <th title="Highest thermal status during the prompt">Thermal</th>
      <th title="How the energy was measured, the samples inside the prompt, and its resolution">Energy method</th>
    </tr>
  );
}

function Pager({ page, pages, onPage, text, foot }: { page: number; pages: number; onPage: (p: number) => void; text: string; foot?: boolean }) {
  const id = foot ? 'prompt-pager-foot' : 'prompt-pager';
  return (
    <span className="pager" data-testid={id} data-page={page + 1} data-pages={pages}>
      <span className="muted tabular" data-testid={`${id}-text`}>
        {text}
      </span>
      {pages > 1 ? (
        <>
          <button type="button" className="btn btn-small" onClick={() => onPage(0)} disabled={page === 0} aria-label="First page">
            «
          </button>
          <button type="button" className="btn btn-small" onClick={() => onPage(page - 1)} disabled={page === 0} data-testid={`${id}-prev`}>
            ‹ Previous
          </button>
          <span className="tabular">
            page {page + 1} of {pages}
          </span>
          <button type="button" className="btn btn-small" onClick={() => onPage(page + 1)} disabled={page >= pages - 1} data-testid={`${id}-next`}>
            Next ›
          </button>
          <button type="button" className="btn btn-small" onClick={() => onPage(pages - 1)} disabled={page >= pages - 1} aria-label="Last page">
            »
          </button>
        </>
      ) : null}
    </span>
  );
}
