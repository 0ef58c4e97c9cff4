/**
 * Picking runs for a comparison or a router profile: finished campaigns with their runs (one per device), and quick
 * runs. With `wholeGroups`, a campaign is picked with one box (its runs below when it has several); without, run by
 * run under each campaign's title.
 */
import type { ShownError } from '../lab/errors';
import { pageHref } from '../app/routing';
import { SimulatedBadge } from '../ui/Badge';
import { toggled } from '../ui/forms';
import type { RunChoice, RunChoiceGroup } from './run-choices';
import './runs.css';

export function RunPicker({
  groups,
  error,
  picked,
  onChange,
  wholeGroups,
  testId,
}: {
  groups: RunChoiceGroup[] | undefined;
  error: ShownError | null;
  picked: readonly string[];
  onChange: (runIds: string[]) => void;
  wholeGroups: boolean;
  /** Prefix of the test ids: `<testId>-runs`, `<testId>-run-group`, `<testId>-run-option`. */
  testId: string;
}) {
  if (groups === undefined) return error ? null : <p className="muted">Loading runs…</p>;
  if (groups.length === 0) {
    return (
      <p className="muted" data-testid={`${testId}-no-runs`}>
        No finished runs yet. Start a <a href={pageHref('new-campaign')}>campaign</a> (several models over a prompt set with answers) first.
      </p>
    );
  }
  const option = (r: RunChoice) => (
    <li key={r.runId}>
      <label data-testid={`${testId}-run-option`} data-run-id={r.runId}>
        <input type="checkbox" checked={picked.includes(r.runId)} onChange={(e) => onChange(toggled([...picked], r.runId, e.target.checked))} />
        <span>
          {r.device} <span className="mono muted">{r.runId.slice(0, 8)}</span>
        </span>
      </label>
    </li>
  );
  return (
    <ul className="check-list compare-runs" data-testid={`${testId}-runs`}>
      {groups.map((g) => {
        const ids = g.runs.map((r) => r.runId);
        const all = ids.every((id) => picked.includes(id));
        const title = (
          <>
            <span title={g.titleHint}>{g.title}</span> {g.simulated ? <SimulatedBadge /> : null}
            <div className="sub mono">{g.sub}</div>
          </>
        );
        return (
          <li key={g.key} data-testid={`${testId}-run-group`} data-key={g.key}>
            {wholeGroups ? (
              <label>
                <input
                  type="checkbox"
                  checked={all}
                  onChange={(e) => onChange(e.target.checked ? [...picked, ...ids.filter((id) => !picked.includes(id))] : picked.filter((id) => !ids.includes(id)))}
                  data-testid={`${testId}-run-group-check`}
                />
                <span>{title}</span>
              </label>
            ) : (
              <div className="sub">{title}</div>
            )}
            {!wholeGroups || (g.kind === 'campaign' && g.runs.length > 1) ? <ul className="check-list nested">{g.runs.map(option)}</ul> : null}
          </li>
        );
      })}
    </ul>
  );
}
