/**
 * WAL checkpoints on a worker thread, off the lab's event loop.
 *
 * With SQLite's automatic checkpoint, the connection whose commit takes the WAL past WAL_AUTOCHECKPOINT_PAGES does
 * the checkpoint inside that commit: it copies the WAL into the file and fsyncs both, and the event loop waits.
 * A run committing results stalled for 60-75 ms once every ~64 MB of WAL that way (bench/campaigns/ingest.ts).
 * Here a second connection, on its own thread, does a PASSIVE checkpoint every `intervalMs`: it copies the frames
 * committed so far while the writer goes on committing (it takes no lock a writer needs), and fsyncs off the event
 * loop. Once a checkpoint has copied every frame, the writer's next commit starts the log from its beginning, so
 * with results arriving as phones send them (a few a second) the WAL stays a few pages long. A RESTART checkpoint
 * would bound it under a steady stream too, but it holds writers off while it runs and the writer's busy handler
 * sleeps in steps past it: commits stalled 44-91 ms that way, as long as before (bench/campaigns/ingest.ts).
 *
 * So the writer's own automatic checkpoint stays on as the bound, at four times the usual size (reached only in a
 * stream with no pause of `intervalMs`, ~256 MB of WAL at 4 KB pages), and goes back to its usual size if the
 * thread fails, with a warning: a fault is never silent, and durability is the same either way
 * (synchronous = NORMAL: the WAL is the commit record).
 *
 * The thread runs plain JavaScript (no bundle to find): it loads the same better-sqlite3 the lab does.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './database';

export interface BackgroundCheckpointOptions {
  /** Between passive checkpoints; default 250 ms. */
  intervalMs?: number;
  /** The writer's usual automatic checkpoint (pages): restored if the thread fails. */
  autocheckpointPages: number;
  onWarning?: (message: string) => void;
}

export interface CheckpointStats {
  checkpoints: number;
  /** Frames in the WAL at the last checkpoint, and how many of them are in the database file. */
  walPages: number;
  copiedPages: number;
}

type Reply = { kind: 'stats'; stats: CheckpointStats } | { kind: 'error'; message: string } | { kind: 'stopped'; stats: CheckpointStats };

/** The worker's code: CommonJS, run with `eval`; its only input is workerData. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const stats = { checkpoints: 0, walPages: 0, copiedPages: 0 };
let db = null;
let timer = null;
function fail(err) {
  if (timer) clearInterval(timer);
  timer = null;
  try { if (db) db.close(); } catch {}
  db = null;
  parentPort.postMessage({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
}
function tick() {
  try {
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    stats.checkpoints++;
    stats.walPages = r.log;
    stats.copiedPages = r.checkpointed;
  } catch (err) {
    fail(err);
  }
}
try {
  db = new Database(workerData.file, { fileMustExist: true });
  timer = setInterval(tick, workerData.intervalMs);
} catch (err) {
  fail(err);
}
parentPort.on('message', (m) => {
  if (m === 'stats') parentPort.postMessage({ kind: 'stats', stats });
  if (m === 'stop') {
    if (timer) clearInterval(timer);
    timer = null;
    try { if (db) db.close(); } catch {}
    db = null;
    parentPort.postMessage({ kind: 'stopped', stats });
  }
});
`;

export class BackgroundCheckpoints {
  readonly #worker: Worker;
  readonly #db: Db;
  readonly #opts: BackgroundCheckpointOptions;
  #failed = false;
  #stopping: Promise<CheckpointStats | null> | null = null;
  #waiting: Array<(s: CheckpointStats | null) => void> = [];

  private constructor(db: Db, opts: BackgroundCheckpointOptions) {
    this.#db = db;
    this.#opts = opts;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const workerData = { file: db.name, driver, intervalMs: opts.intervalMs ?? 250 };
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
    // The thread never keeps the lab's process alive; close() stops it before the database closes.
    this.#worker.unref();
    this.#worker.on('message', (m: Reply) => {
      if (m.kind === 'error') this.#fail(`background checkpoints stopped (${m.message})`);
      else this.#waiting.shift()?.(m.stats);
    });
    this.#worker.on('error', (err) => this.#fail(`background checkpoints stopped (${err.message})`));
    this.#worker.on('exit', () => {
      if (!this.#stopping) this.#fail('the background checkpoint thread exited');
      for (const w of this.#waiting.splice(0)) w(null);
    });
  }

  /**
   * Checkpoints of `db` (a file, in WAL mode) from now on on a thread. The writer's automatic checkpoint moves to
   * four times `autocheckpointPages` while the thread runs.
   */
  static start(db: Db, opts: BackgroundCheckpointOptions): BackgroundCheckpoints {
    const bg = new BackgroundCheckpoints(db, opts);
    db.pragma(`wal_autocheckpoint = ${opts.autocheckpointPages * 4}`);
    return bg;
  }

  get running(): boolean {
    return !this.#failed && !this.#stopping;
  }

  /** What the thread has done so far (null once it has stopped). */
  stats(): Promise<CheckpointStats | null> {
    if (!this.running) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#worker.postMessage('stats');
    });
  }

  /** Stops the thread (its connection closed first) and gives the writer its usual automatic checkpoint back. */
  stop(): Promise<CheckpointStats | null> {
    this.#stopping ??= (async () => {
      const stats = this.#failed
        ? null
        : await new Promise<CheckpointStats | null>((resolve) => {
            this.#waiting.push(resolve);
            this.#worker.postMessage('stop');
          });
      await this.#worker.terminate();
      this.#restoreAutocheckpoint();
      return stats;
    })();
    return this.#stopping;
  }

  #fail(message: string): void {
    if (this.#failed || this.#stopping) return;
    this.#failed = true;
    this.#restoreAutocheckpoint();
    (this.#opts.onWarning ?? ((m: string) => process.stderr.write(`${m}\n`)))(`warning: ${message}; the lab checkpoints its database itself again.`);
    void this.#worker.terminate();
  }

  #restoreAutocheckpoint(): void {
    if (this.#db.open) this.#db.pragma(`wal_autocheckpoint = ${this.#opts.autocheckpointPages}`);
  }
}
