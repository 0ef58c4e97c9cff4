import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/main/store/database';

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'aurora-lab-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** A lab database (every migration) in a fresh temporary folder; cleanup closes it and removes the folder. */
export function tempDatabase(): { db: Db; dir: string; cleanup: () => void } {
  const t = tempDir();
  const db = openDatabase(join(t.path, 'lab.sqlite'));
  return {
    db,
    dir: t.path,
    cleanup: () => {
      db.close();
      t.cleanup();
    },
  };
}
