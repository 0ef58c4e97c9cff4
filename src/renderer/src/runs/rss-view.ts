/**
 * The "RSS after load" cell: the lab says what its figure measures (RunModelSummary.rssMethod). On a virtual phone a
 * few MB is what it is (the runner alone: the simulated engine holds no weights), so it is labelled, not flagged;
 * elsewhere an RSS under half the engine's peak RAM is flagged as not the model's memory (ui/plausibility.ts).
 * Pure, unit-tested in test/unit/renderer/runs/rss-view.test.ts.
 */
import type { RunModelSummary } from '../../../shared/runs';
import { formatFixed, isNum } from '../../../shared/format';
import { rssFlag, type Flag } from '../ui/plausibility';

export interface RssView {
  text: string;
  title: string;
  flag: Flag | null;
}

const DEFAULT_TITLE = 'Resident memory of the runner process right after the model loaded, read once per model';

export function rssView(m: Pick<RunModelSummary, 'rssMb' | 'rssMethod'>, peaks: ReadonlyArray<number | null>, simulated: boolean): RssView {
  const text = formatFixed(m.rssMb, 1);
  const title = m.rssMethod ?? DEFAULT_TITLE;
  if (simulated && m.rssMethod && isNum(m.rssMb) && m.rssMb > 0) return { text: `${text} (runner only)`, title, flag: null };
  return { text, title, flag: rssFlag(m.rssMb, peaks) };
}
