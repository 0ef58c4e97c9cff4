/** Data sets have no table of their own: the recently used paths are read from the campaigns that used them. */
import type { Db } from '../store/database';
import { str } from '../store/rows';

export class DatasetRepository {
  readonly #recent;

  constructor(db: Db) {
    this.#recent = db
      .prepare(`SELECT dataset FROM campaigns WHERE dataset NOT IN ('starter', 'mmlu') GROUP BY dataset ORDER BY MAX(created_at) DESC LIMIT ?`)
      .pluck();
  }

  /** Data set paths campaigns used, most recent first. */
  recent(limit = 10): string[] {
    return this.#recent.all(limit).map((v) => str(v, 'campaigns.dataset'));
  }
}
