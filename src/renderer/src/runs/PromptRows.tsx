/** One prompt's row of the per-prompt table, and the details that unfold under it (full prompt, response, error). */
import { Badge } from '../ui/Badge';
import { Flagged } from '../ui/Flagged';
import { MISSING } from '../../../shared/format';
import { thermalTone } from '../ui/status';
import { PROMPT_COLUMNS, type PromptRow } from './prompt-table';

export interface RowShape {
  multiModel: boolean;
  anyScored: boolean;
}

/** Columns a row spans: #, prompt, response, the figures, thermal, method, and model / answer when shown. */
export function columnCount(s: RowShape): number {
  return 5 + PROMPT_COLUMNS.length + (s.multiModel ? 1 : 0) + (s.anyScored ? 1 : 0);
}

export function PromptRowView({ row: r, shape, open, onToggle }: { row: PromptRow; shape: RowShape; open: boolean; onToggle: () => void }) {
  return (
    <tr className={`prompt-row${r.ok ? '' : ' prompt-failed'}`} data-testid="prompt-row" data-index={r.n} data-ok={r.ok}>
      <td className="num">{r.n}</td>
      {shape.multiModel ? <td className="mono nowrap">{r.modelId}</td> : null}
      <td className="cell-prompt" title={r.prompt}>
        <div className="clamp-2" data-testid="prompt-text">
          {r.prompt}
        </div>
        {r.meta ? <div className="sub">{r.meta}</div> : null}
        {r.ok ? null : (
          <div className="hint hint-bad" data-testid="prompt-error">
            {r.error ?? 'failed'}
          </div>
        )}
      </td>
      {shape.anyScored ? (
        <td className="nowrap" data-testid="prompt-answer">
          {r.answer === null ? MISSING : <span className={r.correct === null ? '' : r.correct ? 'tone-ok' : 'tone-bad'}>{r.answer}</span>}
        </td>
      ) : null}
      <td className="cell-response" title={r.response ?? undefined}>
        <div className="clamp-2" data-testid="prompt-response">
          {r.response ?? MISSING}
        </div>
        <button type="button" className="btn btn-small btn-link" onClick={onToggle} aria-expanded={open} data-testid="prompt-expand">
          {open ? 'Less' : 'Full text'}
        </button>
      </td>
      {PROMPT_COLUMNS.map((c) => {
        const flag = r.flags[c.key];
        return (
          <td key={c.key} className="num" data-testid={`cell-${c.key}`}>
            {flag ? <Flagged flag={flag} raw={r.cells[c.key]} /> : r.cells[c.key]}
            {c.key === 'energy' && r.resolution?.coarse ? (
              <span className="res-flag" title={r.resolution.note ?? r.resolution.text}>
                *
              </span>
            ) : null}
          </td>
        );
      })}
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
    </tr>
  );
}

export function PromptDetail({ row: r }: { row: PromptRow }) {
  const flags = Object.values(r.flags);
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
      {flags.length ? (
        <div>
          <h4>Not measurements</h4>
          <ul className="error-list tone-warn">
            {[...new Set(flags.map((f) => f.reason))].map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {r.simulated ? <p className="muted">Simulated: this prompt ran on a virtual phone.</p> : null}
    </div>
  );
}
