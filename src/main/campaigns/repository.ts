/**
 * SQLite storage of campaigns (db/0004_campaigns.sql): the plan (request, seed, selected prompts), ownership and
 * heartbeat, and the list's summaries. A campaign's runs are runs (runs/repository.ts), linked by campaign_id.
 */
import { randomUUID } from 'node:crypto';
import { CAMPAIGN_STATUSES, type CampaignStatus, type CampaignSummary } from '../../shared/api/campaigns';
import type { Choices, PromptItem } from '../datasets/types';
import type { RunRepository } from '../runs/repository';
import type { Db } from '../store/database';
import { num, record, row, rowOrNull, stringArray, type Row } from '../store/rows';

export interface NewCampaign {
  id: string;
  dataset: string;
  setName: string;
  setFingerprint: string;
  selectionFingerprint: string;
  fingerprintVersion: string;
  promptTemplateVersion: string;
  setSize: number;
  n: number;
  reps: number;
  seed: string;
  warmup: number;
  serials: string[];
  modelIds: string[];
  options: Record<string, unknown>;
  total: number;
  simulated: boolean;
  items: PromptItem[];
}

/** A stored campaign: the plan as created, and its state. */
export interface CampaignRecord extends Omit<NewCampaign, 'items'> {
  status: CampaignStatus;
  createdAt: number;
  startedAt: number;
  finishedAt: number | null;
  error: string | null;
  owner: { pid: number | null; host: string | null; heartbeatAt: number | null };
  /** Wall time of the sessions that ended (the running one adds now - startedAt), ms. */
  priorRunMs: number;
}

export interface Owner {
  pid: number;
  host: string;
}

/** The campaign's fencing token is no longer this process's: another lab process took it over. */
export class OwnershipLost extends Error {
  constructor(
    readonly campaignId: string,
    readonly newOwner: { pid: number | null; host: string | null } | null,
  ) {
    const who = newOwner?.pid ? `lab process ${newOwner.pid}${newOwner.host ? ` on ${newOwner.host}` : ''}` : 'another lab process';
    super(
      `This process lost campaign ${campaignId} to ${who}, which resumed it while this one was stopped for longer than the heartbeat; ` +
        'it stopped without storing anything more (the result it was measuring is not stored). The campaign goes on there.',
    );
    this.name = 'OwnershipLost';
  }
}

/** Time spent in finished sessions: kept in options_json under `__runMs` (not part of the request). */
const RUN_MS = '__runMs';

function toRecord(r: Row): CampaignRecord {
  const { [RUN_MS]: prior, ...options } = r.json('options_json', record);
  return {
    id: r.str('id'),
    status: r.member('status', CAMPAIGN_STATUSES),
    createdAt: r.num('created_at'),
    startedAt: r.num('started_at'),
    finishedAt: r.numOrNull('finished_at'),
    dataset: r.str('dataset'),
    setName: r.str('set_name'),
    setFingerprint: r.str('set_fingerprint'),
    selectionFingerprint: r.str('selection_fingerprint'),
    fingerprintVersion: r.str('fingerprint_version'),
    promptTemplateVersion: r.str('prompt_template_version'),
    setSize: r.num('set_size'),
    n: r.num('n'),
    reps: r.num('reps'),
    seed: r.str('seed'),
    warmup: r.num('warmup'),
    serials: r.json('serials_json', stringArray),
    modelIds: r.json('model_ids_json', stringArray),
    options,
    total: r.num('total'),
    simulated: r.flag('simulated'),
    error: r.strOrNull('error'),
    owner: { pid: r.numOrNull('owner_pid'), host: r.strOrNull('owner_host'), heartbeatAt: r.numOrNull('heartbeat_at') },
    priorRunMs: typeof prior === 'number' ? prior : 0,
  };
}

const CHOICE_COUNT = 4;

function toChoices(v: unknown, where: string): Choices {
  const list = stringArray(v, where);
  if (list.length !== CHOICE_COUNT) throw new Error(`${where}: expected 4 choices, got ${list.length}`);
  return [list[0]!, list[1]!, list[2]!, list[3]!];
}

export class CampaignRepository {
  readonly #owner;

  constructor(
    private readonly db: Db,
    private readonly runs: RunRepository,
  ) {
    this.#owner = db.prepare('SELECT owner_token, owner_pid, owner_host FROM campaigns WHERE id = ?');
  }

  /** Stores a new campaign, run by `owner` under the fencing token `token`. */
  create(c: NewCampaign, owner: Owner, token: string = randomUUID()): void {
    const now = Date.now();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO campaigns (id, status, created_at, started_at, dataset, set_name, set_fingerprint, selection_fingerprint, fingerprint_version,
            prompt_template_version, set_size, n, reps, seed, warmup, serials_json, model_ids_json, options_json, total, simulated,
            owner_pid, owner_host, heartbeat_at, owner_token)
           VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          c.id, now, now, c.dataset, c.setName, c.setFingerprint, c.selectionFingerprint, c.fingerprintVersion, c.promptTemplateVersion,
          c.setSize, c.n, c.reps, c.seed, c.warmup, JSON.stringify(c.serials), JSON.stringify(c.modelIds), JSON.stringify(c.options),
          c.total, c.simulated ? 1 : 0, owner.pid, owner.host, now, token,
        );
      const st = this.db.prepare(
        'INSERT INTO campaign_prompts (campaign_id, idx, prompt_id, subject, question, choices_json, answer, source_file, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      c.items.forEach((it, i) => st.run(c.id, i, it.id, it.subject, it.question, it.choices ? JSON.stringify(it.choices) : null, it.answer, it.source.file, it.source.line));
    })();
  }

  get(id: string): CampaignRecord | null {
    const r = rowOrNull(this.db.prepare('SELECT * FROM campaigns WHERE id = ?').get(id), 'campaigns');
    return r ? toRecord(r) : null;
  }

  /** The campaign's sampled prompts, in plan order. */
  items(id: string): PromptItem[] {
    return this.db
      .prepare('SELECT * FROM campaign_prompts WHERE campaign_id = ? ORDER BY idx')
      .all(id)
      .map((v) => {
        const r = row(v, 'campaign_prompts');
        const choices = r.strOrNull('choices_json');
        return {
          id: r.str('prompt_id'),
          subject: r.str('subject'),
          question: r.str('question'),
          choices: choices === null ? null : r.json('choices_json', toChoices),
          answer: r.memberOrNull('answer', ['A', 'B', 'C', 'D'] as const),
          source: { file: r.strOrNull('source_file') ?? '', line: r.numOrNull('source_line') ?? 0 },
        };
      });
  }

  /** Marks the campaign as run by `owner` under a new fencing token from now (resume). */
  claim(id: string, owner: Owner, token: string): void {
    const now = Date.now();
    this.db
      .prepare(`UPDATE campaigns SET status = 'running', error = NULL, finished_at = NULL, started_at = ?, owner_pid = ?, owner_host = ?, heartbeat_at = ?, owner_token = ? WHERE id = ?`)
      .run(now, owner.pid, owner.host, now, token, id);
  }

  /** Beats for the campaigns still held under their tokens; returns the ids whose token is no longer theirs. */
  heartbeat(held: Array<{ id: string; token: string }>): string[] {
    if (held.length === 0) return [];
    const st = this.db.prepare('UPDATE campaigns SET heartbeat_at = ? WHERE id = ? AND owner_token = ?');
    const now = Date.now();
    return this.db.transaction(() => held.filter((h) => st.run(now, h.id, h.token).changes === 0).map((h) => h.id))();
  }

  /**
   * Runs `write` in one transaction with the check that `token` still holds the campaign: the fence that keeps a
   * process which lost the campaign from storing anything more. Throws OwnershipLost (nothing written) otherwise.
   */
  fenced<T>(id: string, token: string, write: () => T): T {
    // IMMEDIATE: the write lock first (waiting the busy timeout for it), then the check. A deferred transaction reads
    // the token on a snapshot, and if another process (the app, a CLI, a demo phone's lab) commits before the write,
    // SQLite refuses the write at once (SQLITE_BUSY_SNAPSHOT, "database is locked") without waiting: a loaded machine
    // ended a campaign that way.
    return this.db.transaction(() => {
      const r = rowOrNull(this.#owner.get(id), 'campaigns');
      if (!r || r.strOrNull('owner_token') !== token) throw new OwnershipLost(id, r ? { pid: r.numOrNull('owner_pid'), host: r.strOrNull('owner_host') } : null);
      return write();
    }).immediate();
  }

  #endSession(c: CampaignRecord, status: CampaignStatus, error: string | null, end: number, releaseHeartbeat: boolean): void {
    const spent = c.priorRunMs + Math.max(0, end - c.startedAt);
    this.db
      .prepare(`UPDATE campaigns SET status = ?, error = ?, finished_at = ?, owner_pid = NULL, owner_token = NULL${releaseHeartbeat ? ', heartbeat_at = ?' : ''}, options_json = ? WHERE id = ?`)
      .run(...[status, error, end, ...(releaseHeartbeat ? [end] : []), JSON.stringify({ ...c.options, [RUN_MS]: spent }), c.id]);
  }

  /** Ends a session of the campaign: status, error, accumulated run time (a session calls it under its fence). */
  finish(id: string, status: CampaignStatus, error: string | null): void {
    const c = this.get(id);
    if (c) this.#endSession(c, status, error, Date.now(), true);
  }

  /** Ends the session as 'interrupted' with its runs 'partial' (resumable), e.g. when the disk is full. */
  interrupt(id: string, message: string): void {
    const c = this.get(id);
    if (!c) return;
    const end = Date.now();
    this.db.transaction(() => {
      this.#endSession(c, 'interrupted', message, end, true);
      this.runs.interruptCampaignRuns(id, message, end);
    })();
  }

  /**
   * Campaigns left 'running' by a lab process that is gone become 'interrupted' (their runs 'partial'). A campaign
   * is left alone while its owner is alive: same host and the pid exists and the heartbeat is fresh, or (another
   * host sharing the home) the heartbeat is fresh.
   */
  markInterrupted(isAlive: (pid: number) => boolean, host: string, staleMs: number): string[] {
    const now = Date.now();
    const out: string[] = [];
    for (const v of this.db.prepare(`SELECT * FROM campaigns WHERE status = 'running'`).all()) {
      const c = toRecord(row(v, 'campaigns'));
      const { pid, host: h, heartbeatAt } = c.owner;
      const fresh = heartbeatAt !== null && now - heartbeatAt < staleMs;
      const alive = h === host ? pid !== null && pid !== process.pid && isAlive(pid) && fresh : fresh;
      if (alive) continue;
      const msg = 'Interrupted: the lab process running it stopped (killed, crashed or closed). Resume it with `aurora-lab resume` to continue where it stopped.';
      const end = heartbeatAt ?? now;
      this.db.transaction(() => {
        this.#endSession(c, 'interrupted', msg, end, false);
        this.runs.interruptCampaignRuns(c.id, msg, end);
      })();
      out.push(c.id);
    }
    return out;
  }

  /** Deletes the campaign with its runs and prompts. */
  delete(id: string): boolean {
    // IMMEDIATE: it reads the runs before it writes (see fenced).
    return this.db.transaction(() => {
      this.runs.deleteRuns(this.runs.campaignRuns(id).map((r) => r.id));
      this.db.prepare('DELETE FROM campaign_prompts WHERE campaign_id = ?').run(id);
      return this.db.prepare('DELETE FROM campaigns WHERE id = ?').run(id).changes > 0;
    }).immediate();
  }

  /** Summaries of campaigns (the list), computed in one pass. */
  summaries(ids?: string[]): CampaignSummary[] {
    const where = ids ? `WHERE c.id IN (${ids.map(() => '?').join(',')})` : '';
    const rows = this.db
      .prepare(
        `SELECT c.*,
           (SELECT COUNT(*) FROM prompt_results p JOIN runs r ON r.id = p.run_id WHERE r.campaign_id = c.id) AS done,
           (SELECT SUM(p.energy_j) FROM prompt_results p JOIN runs r ON r.id = p.run_id WHERE r.campaign_id = c.id) AS energy,
           (SELECT json_group_array(r.id) FROM (SELECT id FROM runs WHERE campaign_id = c.id ORDER BY created_at, rowid) r) AS run_ids,
           (SELECT json_group_array(COALESCE(r.device_model, r.serial)) FROM (SELECT device_model, serial FROM runs WHERE campaign_id = c.id ORDER BY created_at, rowid) r) AS device_models
         FROM campaigns c ${where} ORDER BY c.created_at DESC`,
      )
      .all(...(ids ?? []));
    return rows.map((v) => {
      const r = row(v, 'campaigns');
      const c = toRecord(r);
      const durationMs = c.status === 'running' ? c.priorRunMs + (Date.now() - c.startedAt) : c.finishedAt !== null ? c.priorRunMs : null;
      return {
        id: c.id,
        status: c.status,
        createdAt: c.createdAt,
        finishedAt: c.finishedAt,
        durationMs,
        dataset: c.dataset,
        setName: c.setName,
        setFingerprint: c.setFingerprint,
        n: c.n,
        reps: c.reps,
        seed: c.seed,
        serials: c.serials,
        deviceModels: r.json('device_models', stringArray),
        modelIds: c.modelIds,
        done: num(r.get('done'), 'campaigns.done'),
        total: c.total,
        energyJ: r.numOrNull('energy'),
        simulated: c.simulated,
        error: c.error,
        runIds: r.json('run_ids', stringArray),
      };
    });
  }
}
