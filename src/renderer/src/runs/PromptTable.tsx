import { Fragment, useState } from 'react';
import type { PromptResult } from '../../../shared/runs';
import { Badge } from '../ui/Badge';
import { MISSING } from '../ui/format';
import { thermalTone } from '../ui/status';
import { PROMPT_COLUMNS, promptRows, type PromptRow } from './prompt-table';
import { MIN_METER_UPDATES } from './run-view';

/** Rows drawn at first; a campaign's device run can have thousands. */
const FIRST_ROWS = 300;

/**
 * Per-prompt figures of a run: one row per prompt with the engine's figures, energy and its provenance, temperature
 * and thermal status, the answer when scored; the response and any error unfold under the row.
 */
export function PromptTable({ results, emptyText }: { results: readonly PromptResult[]; emptyText: string }) {
  const allRows = promptRows(results);
  const [showAll, setShowAll] = useState(false);
  const rows = showAll ? allRows : allRows.slice(0, FIRST_ROWS);
  const multiModel = new Set(rows.map((r) => r.modelId)).size > 1;
  const anyScored = rows.some((r) => r.answer !== null);
  const anyCoarse = rows.some((r) => r.resolution?.coarse);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());

  function toggle(id: number) {
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  if (rows.length === 0) {
    return (
      <p className="muted" data-testid="prompt-table-empty">
        {emptyText}
      </p>
    );
  }

  const colCount = 5 + PROMPT_COLUMNS.length + (multiModel ? 1 : 0) + (anyScored ? 1 : 0);
  return (
    <>
      <div className="table-wrap table-scroll">
        <table className="table table-compact" data-testid="prompt-table" data-rows={allRows.length}>
          <thead>
            <tr>
              <th className="num">#</th>
              {multiModel ? <th>Model</th> : null}
              <th>Prompt</th>
              {PROMPT_COLUMNS.map((c) => (
                <th key={c.key} className="num" title={c.title}>
                  {c.label}
                </th>
              ))}
              <th title="Highest thermal status during the prompt">Thermal</th>
              <th title="How the energy was measured, the samples inside the prompt, and its resolution">Energy method</th>
              {anyScored ? <th>Answer</th> : null}
              <th>Response</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <Fragment key={r.id}>
                <Row row={r} multiModel={multiModel} anyScored={anyScored} open={open.has(r.id)} onToggle={() => toggle(r.id)} />
                {open.has(r.id) ? (
                  <tr className="prompt-detail-row" data-testid="prompt-detail">
                    <td colSpan={colCount}>
                      <PromptDetail row={r} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      {allRows.length > rows.length ? (
        <p className="legend muted" data-testid="prompt-table-more">
          Showing the first {rows.length} of {allRows.length} prompts.{' '}
          <button type="button" className="btn btn-small" onClick={() => setShowAll(true)}>
            Show all
          </button>{' '}
          (Export CSV has every row.)
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

function Row({
  row: r,
  multiModel,
  anyScored,
  open,
  onToggle,
}: {
  row: PromptRow;
  multiModel: boolean;
  anyScored: boolean;
  open: boolean;
  onToggle: () => void;
}) {
  return (
    <tr className={`prompt-row${r.ok ? '' : ' prompt-failed'}`} data-testid="prompt-row" data-index={r.n} data-ok={r.ok}>
      <td className="num">{r.n}</td>
      {multiModel ? <td className="mono nowrap">{r.modelId}</td> : null}
      <td className="cell-prompt" title={r.prompt}>
        <div className="clip">{r.prompt}</div>
        {r.meta ? <div className="sub">{r.meta}</div> : null}
        {r.ok ? null : (
          <div className="hint hint-bad" data-testid="prompt-error">
            {r.error ?? 'failed'}
          </div>
        )}
      </td>
      {PROMPT_COLUMNS.map((c) => (
        <td key={c.key} className="num" data-testid={`cell-${c.key}`}>
          {r.cells[c.key]}
          {c.key === 'energy' && r.resolution?.coarse ? (
            <span className="res-flag" title={r.resolution.note ?? r.resolution.text}>
              *
            </span>
          ) : null}
        </td>
      ))}
      <td className="nowrap" data-testid="cell-thermal">
        {r.thermalStatus === null ? MISSING : <Badge tone={thermalTone(r.thermalStatus)}>{r.thermal}</Badge>}
        {r.throttled ? (
          <div className="hint hint-warn" title="Thermal status at or above moderate, or CPU frequency well under its maximum under load">
            throttled
          </div>
        ) : null}
      </td>
      <td className="nowrap" data-testid="cell-method">
        <div>{r.method}</div>
        {r.resolution ? (
          <div
            className={`sub${r.resolution.coarse ? ' tone-warn' : ''}`}
            title={r.resolution.note ?? undefined}
            data-testid="prompt-resolution"
            data-coarse={r.resolution.coarse}
          >
            {r.resolution.text}
          </div>
        ) : null}
      </td>
      {anyScored ? (
        <td className="nowrap" data-testid="prompt-answer">
          {r.answer === null ? MISSING : <span className={r.correct === null ? '' : r.correct ? 'tone-ok' : 'tone-bad'}>{r.answer}</span>}
        </td>
      ) : null}
      <td className="cell-response">
        <div className="response-line">
          <span className="clip" data-testid="prompt-response">
            {r.response ?? MISSING}
          </span>
          <button
            type="button"
            className="btn btn-small btn-link"
            onClick={onToggle}
            aria-expanded={open}
            data-testid="prompt-expand"
          >
            {open ? 'Less' : 'More'}
          </button>
        </div>
      </td>
    </tr>
  );
}

function PromptDetail({ row: r }: { row: PromptRow }) {
  return (
    <div className="prompt-detail">
      <div>
        <h4>Prompt</h4>
        <pre className="text-block">{r.prompt}</pre>
      </div>
      <div>
        <h4>Response</h4>
        <pre className="text-block" data-testid="prompt-response-full">
          {r.response ?? 'No response.'}
        </pre>
      </div>
      {r.error ? (
        <div>
          <h4>Error</h4>
          <pre className="text-block tone-bad">{r.error}</pre>
        </div>
      ) : null}
      {r.resolution ? (
        <div>
          <h4>Energy</h4>
          <p className="muted">
            {r.method}; {r.resolution.text}
            {r.resolution.note ? `: ${r.resolution.note}` : ''}.
          </p>
        </div>
      ) : null}
      {r.simulated ? <p className="muted">Simulated: this prompt ran on a virtual phone.</p> : null}
    </div>
  );
}
