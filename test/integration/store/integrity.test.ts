/**
 * Start-up checks on real damaged SQLite files (truncated, bytes flipped in a b-tree page, 0 bytes, not SQLite):
 * refused with the path, the file byte-for-byte untouched, the restore steps named; and the rolling backup
 * (made after a good start, at most once per interval, atomically) restores the data when followed.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/store/database';
import { runCli } from '../../helpers/lab-process';
import { tempDir } from '../../helpers/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function tmp(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.path;
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A real lab database with ~230 pages of settings rows; returns its path. */
function labDatabase(dir: string, opts: { rows?: number } = {}): string {
  const file = join(dir, 'lab.sqlite');
  const db = openDatabase(file);
  const st = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < (opts.rows ?? 3000); i++) st.run(`row${i}`, JSON.stringify(`${'x'.repeat(200)}${i}`));
  })();
  db.close();
  return file;
}

function refusal(file: string): Error {
  try {
    openDatabase(file, { onWarning: () => {} }).close();
  } catch (err) {
    expect((err as Error).name).toBe('DatabaseDamagedError');
    return err as Error;
  }
  throw new Error(`${file} was opened`);
}

const damages: Array<[string, (file: string) => void, RegExp]> = [
  ['truncated to half', (f) => truncateSync(f, Math.floor(statSync(f).size / 8192) * 4096), /is damaged \(PRAGMA quick_check: .*malformed/],
  [
    'bytes flipped inside a b-tree page',
    (f) => {
      const buf = readFileSync(f);
      const page = Math.floor(buf.length / 4096 / 2);
      for (let i = 2100; i < 2164; i++) buf[page * 4096 + i] = buf[page * 4096 + i]! ^ 0xa5;
      writeFileSync(f, buf);
    },
    /is damaged \(PRAGMA quick_check: \*\*\* in database main \*\*\*/,
  ],
  ['emptied to 0 bytes', (f) => writeFileSync(f, ''), /is empty \(0 bytes\)/],
  ['overwritten with text', (f) => writeFileSync(f, 'not a database\n'), /is not an SQLite database/],
];

describe('a damaged lab database', () => {
  for (const [name, damage, problem] of damages) {
    it(`${name}: refused with its path, left byte-for-byte untouched, the backup named`, () => {
      const dir = tmp();
      const file = labDatabase(dir);
      expect(existsSync(`${file}.bak`)).toBe(true);
      damage(file);
      const before = sha(file);
      const err = refusal(file);
      expect(err.message).toMatch(problem);
      expect(err.message).toContain(`The lab database ${file} `);
      expect(err.message).toMatch(/left untouched/);
      expect(err.message).toContain(`To restore the last good copy, ${file}.bak (made `);
      expect(err.message).toMatch(/move lab\.sqlite and any lab\.sqlite-wal and lab\.sqlite-shm next to it aside/);
      expect(sha(file)).toBe(before);
      expect(readdirSync(dir).sort()).toEqual(['lab.sqlite', 'lab.sqlite.bak']);
      // A second start refuses it again: nothing was re-created in between.
      expect(refusal(file).message).toMatch(problem);
    });
  }

  it('without a backup, says there is none and how to start an empty lab', () => {
    const dir = tmp();
    const file = join(dir, 'lab.sqlite');
    writeFileSync(file, '');
    const err = refusal(file);
    expect(err.message).toMatch(/There is no backup \(lab\.sqlite\.bak\) yet/);
    expect(statSync(file).size).toBe(0);
  });

  it('restoring the backup as the message says brings the data back', () => {
    const dir = tmp();
    const file = labDatabase(dir, { rows: 10 });
    // The backup of the first start holds no rows; make one now that the rows are in.
    utimesSync(`${file}.bak`, new Date(0), new Date(0));
    openDatabase(file).close();
    writeFileSync(file, '');
    refusal(file);
    renameSync(file, `${file}.damaged`);
    copyFileSync(`${file}.bak`, file);
    const db = openDatabase(file);
    expect((db.prepare("SELECT COUNT(*) AS n FROM settings WHERE key LIKE 'row%'").get() as { n: number }).n).toBe(10);
    db.close();
  });
});

describe('the rolling backup', () => {
  it('is a checked copy made after a good start, at most once per interval, with no temporary file left', () => {
    const dir = tmp();
    const file = labDatabase(dir, { rows: 5 });
    const bak = `${file}.bak`;
    const first = statSync(bak).mtimeMs;
    openDatabase(file).close();
    expect(statSync(bak).mtimeMs).toBe(first);
    utimesSync(bak, new Date(Date.now() - 25 * 3_600_000), new Date(Date.now() - 25 * 3_600_000));
    const db = openDatabase(file);
    expect(statSync(bak).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    db.close();
    expect(readdirSync(dir).sort()).toEqual(['lab.sqlite', 'lab.sqlite.bak']);
    const copy = new Database(bak, { readonly: true, fileMustExist: true });
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    expect((copy.prepare("SELECT COUNT(*) AS n FROM settings WHERE key LIKE 'row%'").get() as { n: number }).n).toBe(5);
    copy.close();
  });

  it('reports a backup that cannot be written, removes its temporary file, and the lab still opens', () => {
    const dir = tmp();
    const file = join(dir, 'lab.sqlite');
    mkdirSync(`${file}.bak`);
    writeFileSync(join(`${file}.bak`, 'keep'), 'x');
    utimesSync(`${file}.bak`, new Date(0), new Date(0));
    const warnings: string[] = [];
    let db: Db | null = null;
    try {
      db = openDatabase(file, { onWarning: (m) => warnings.push(m) });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(new RegExp(`could not back up the lab database to ${file.replace(/[/.]/g, '\\$&')}\\.bak`));
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM settings').get()).toEqual({ n: 0 });
    } finally {
      db?.close();
    }
  });
});

describe('aurora-lab on a 0-byte lab.sqlite', () => {
  it('exits 1 naming the file and the backup, instead of re-creating it empty', async () => {
    const home = tmp();
    const file = labDatabase(home);
    writeFileSync(file, '');
    const r = await runCli(['--home', home, 'profiles', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: The lab database ${file} is empty (0 bytes)`);
    expect(r.stderr).toContain(`${file}.bak`);
    expect(statSync(file).size).toBe(0);
  });
});
