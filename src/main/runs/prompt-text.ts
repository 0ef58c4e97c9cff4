/**
 * A stored result's prompt text (db/0028): its own prompt column, or, where that is NULL, the question its run's
 * campaign holds for its prompt id (campaign_prompts), which is where a campaign's results leave it. The writer and
 * every reader of the text go through here.
 */
import type { Db } from '../store/database';
import { str } from '../store/rows';

/**
 * The prompt column's value as a result is inserted: NULL where the run's campaign holds the same text for this
 * prompt id, else the text. Parameters: prompt id, text, run id, text. Checked in the committing transaction, so a
 * row never relies on a question its campaign does not hold.
 */
export const PROMPT_VALUE_SQL = `CASE WHEN EXISTS (SELECT 1 FROM runs r JOIN campaign_prompts cp ON cp.campaign_id = r.campaign_id AND cp.prompt_id = ?
  AND cp.question = ? WHERE r.id = ?) THEN NULL ELSE ? END`;

/** SQL for the text of the result aliased `p` (the campaign's question is looked up only where the row has none). */
export function promptTextSql(p = 'p'): string {
  return `COALESCE(${p}.prompt, (SELECT cp.question FROM runs cr JOIN campaign_prompts cp ON cp.campaign_id = cr.campaign_id AND cp.prompt_id = ${p}.prompt_id
    WHERE cr.id = ${p}.run_id))`;
}

/**
 * The questions of the run's campaign by prompt id, read once (empty for a quick run): for a reader that meets many
 * rows without their own text, one query instead of a lookup per row.
 */
export function campaignQuestions(db: Db, runId: string): Map<string, string> {
  const rows = db
    .prepare('SELECT cp.prompt_id, cp.question FROM runs r JOIN campaign_prompts cp ON cp.campaign_id = r.campaign_id WHERE r.id = ?')
    .raw()
    .all(runId) as unknown[][];
  return new Map(rows.map((r) => [str(r[0], 'campaign_prompts'), str(r[1], 'campaign_prompts')]));
}

/** The error for a result whose text is nowhere: its row has none and its campaign holds no question for its prompt. */
export function missingPromptText(runId: string, promptId: string): Error {
  return new Error(
    `The stored result of prompt ${promptId} in run ${runId} has no prompt text, and its campaign holds no question for that prompt id: the database was changed outside the lab. Restore the lab database from its backup (<file>.bak).`,
  );
}
