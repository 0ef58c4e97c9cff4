/** The `settings` table (db/0001_devices.sql): one JSON value per key. Values are parsed by the service. */
import type { Db } from '../store/database';
import { row } from '../store/rows';

export class SettingsRepository {
  readonly #all;
  readonly #put;

  constructor(private readonly db: Db) {
    this.#all = db.prepare('SELECT key, value FROM settings');
    this.#put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  /** Every stored key with its JSON text. */
  entries(): Array<{ key: string; value: string }> {
    return this.#all.all().map((v) => {
      const r = row(v, 'settings');
      return { key: r.str('key'), value: r.str('value') };
    });
  }

  /** Stores the values (as JSON), all or none. */
  put(values: Record<string, unknown>): void {
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(values)) if (v !== undefined) this.#put.run(k, JSON.stringify(v));
    })();
  }
}
