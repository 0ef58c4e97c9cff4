/**
 * SQLite storage of campaigns (db/0004_campaigns.sql): the plan (request, seed, selected prompts), ownership and
 * heartbeat, per-device runs and their models, and the "what is already stored" query resume relies on.
 */
import type { CampaignStatus, CampaignSummary } from '../../shared/api/campaigns';
import type { RunModelStatus, RunStatus } from '../../shared/runs';
import type { Choices, PromptItem } from '../datasets/types';
import type { Db } from '../store/database';

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

export interface CampaignRow {
  id: string;
  status: CampaignStatus;
  created_at: number;
  started_at: number;
  finished_at: number | null;
  dataset: string;
  set_name: string;
  set_fingerprint: string;
  selection_fingerprint: string;
  fingerprint_version: string;
  prompt_template_version: string;
  set_size: number;
  n: number;
  reps: number;
  seed: string;
  warmup: number;
  serials_json: string;
  model_ids_json: string;
  options_json: string;
  total: number;
  simulated: number;
  error: string | null;
  owner_pid: number | null;
  owner_host: string | null;
  heartbeat_at: number | null;
}

export interface Owner {
  pid: number;
  host: string;
}

export class CampaignStore {
  constructor(readonly db: Db) {}

  create(c: NewCampaign, owner: Owner): void {
    const now = Date.now();
    const tx = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO campaigns (id, status, created_at, started_at, dataset, set_name, set_fingerprint, selection_fingerprint, fingerprint_version,
            prompt_template_version, set_size, n, reps, seed, warmup, serials_json, model_ids_json, options_json, total, simulated,
            owner_pid, owner_host, heartbeat_at)
           VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          c.id, now, now, c.dataset, c.setName, c.setFingerprint, c.selectionFingerprint, c.fingerprintVersion, c.promptTemplateVersion,
          c.setSize, c.n, c.reps, c.seed, c.warmup, JSON.stringify(c.serials), JSON.stringify(c.modelIds), JSON.stringify(c.options),
          c.total, c.simulated ? 1 : 0, owner.pid, owner.host, now,
        );
      const st = this.db.prepare(
        'INSERT INTO campaign_prompts (campaign_id, idx, prompt_id, subject, question, choices_json, answer, source_file, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      c.items.forEach((it, i) => st.run(c.id, i, it.id, it.subject, it.question, it.choices ? JSON.stringify(it.choices) : null, it.answer, it.source.file, it.source.line));
    });
    tx();
  }

  get(id: string): CampaignRow | null {
    return (this.db.prepare('SELECT * FROM campaigns WHERE id = ?').get(id) as CampaignRow | undefined) ?? null;
  }

  items(id: string): PromptItem[] {
    const rows = this.db.prepare('SELECT * FROM campaign_prompts WHERE campaign_id = ? ORDER BY idx').all(id) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: r.prompt_id as string,
      subject: r.subject as string,
      question: r.question as string,
      choices: r.choices_json ? (JSON.parse(r.choices_json as string) as Choices) : null,
      answer: (r.answer as PromptItem['answer']) ?? null,
      source: { file: (r.source_file as string | null) ?? '', line: (r.source_line as number | null) ?? 0 },
    }));
  }

  /** Device runs of a campaign, in device order. */
  runs(id: string): Array<{ id: string; serial: string; status: RunStatus }> {
    return this.db.prepare('SELECT id, serial, status FROM runs WHERE campaign_id = ? ORDER BY created_at, rowid').all(id) as Array<{ id: string; serial: string; status: RunStatus }>;
  }

  linkRun(runId: string, campaignId: string): void {
    this.db.prepare('UPDATE runs SET campaign_id = ? WHERE id = ?').run(campaignId, runId);
  }

  /** Creates the run's model rows up front ('pending'), so the plan is visible before it runs. */
  createPendingModels(runId: string, modelIds: string[], simulated: boolean): void {
    const st = this.db.prepare(`INSERT INTO run_models (run_id, position, model_id, status, simulated, started_at) VALUES (?, ?, ?, 'pending', ?, ?)`);
    this.db.transaction(() => modelIds.forEach((m, i) => st.run(runId, i, m, simulated ? 1 : 0, Date.now())))();
  }

  runModels(runId: string): Array<{ id: number; position: number; modelId: string; status: RunModelStatus; energyJ: number | null; tFirstMs: number | null; tLastMs: number | null }> {
    return (this.db.prepare('SELECT id, position, model_id, status, energy_j, t_first_ms, t_last_ms FROM run_models WHERE run_id = ? ORDER BY position').all(runId) as Array<Record<string, unknown>>).map((r) => ({
      id: r.id as number,
      position: r.position as number,
      modelId: r.model_id as string,
      status: r.status as RunModelStatus,
      energyJ: r.energy_j as number | null,
      tFirstMs: r.t_first_ms as number | null,
      tLastMs: r.t_last_ms as number | null,
    }));
  }

  setModelStatus(runModelId: number, status: RunModelStatus, error: string | null): void {
    this.db
      .prepare(`UPDATE run_models SET status = ?, error = ?, finished_at = CASE WHEN ? IN ('done', 'partial', 'failed') THEN ? ELSE finished_at END WHERE id = ?`)
      .run(status, error, status, Date.now(), runModelId);
  }

  /** Adds a session's measured window to the model's (energy summed, window widened). */
  addModelWindow(runModelId: number, w: { from: number; to: number; energyJ: number | null }): void {
    this.db
      .prepare(
        `UPDATE run_models SET energy_j = CASE WHEN ? IS NULL THEN energy_j ELSE COALESCE(energy_j, 0) + ? END,
           t_first_ms = MIN(COALESCE(t_first_ms, ?), ?), t_last_ms = MAX(COALESCE(t_last_ms, ?), ?) WHERE id = ?`,
      )
      .run(w.energyJ, w.energyJ, w.from, w.from, w.to, w.to, runModelId);
  }

  /** The (prompt, rep) cells already stored for a run model: resume skips them. */
  storedCells(runModelId: number): Set<string> {
    const rows = this.db.prepare('SELECT prompt_id, rep FROM prompt_results WHERE run_model_id = ?').raw().all(runModelId) as Array<[string, number | null]>;
    return new Set(rows.map(([p, r]) => cellKey(p, r ?? 0)));
  }

  countResults(runId: string): number {
    return (this.db.prepare('SELECT COUNT(*) FROM prompt_results WHERE run_id = ?').pluck().get(runId) as number) ?? 0;
  }

  failedResults(runModelId: number): number {
    return (this.db.prepare('SELECT COUNT(*) FROM prompt_results WHERE run_model_id = ? AND ok = 0').pluck().get(runModelId) as number) ?? 0;
  }

  setRunStatus(runId: string, status: RunStatus, error: string | null, finished: boolean): void {
    this.db.prepare('UPDATE runs SET status = ?, error = ?, finished_at = ? WHERE id = ?').run(status, error, finished ? Date.now() : null, runId);
  }

  /** Marks the campaign as run by `owner` from now (start or resume). */
  claim(id: string, owner: Owner): void {
    const now = Date.now();
    this.db
      .prepare(`UPDATE campaigns SET status = 'running', error = NULL, finished_at = NULL, started_at = ?, owner_pid = ?, owner_host = ?, heartbeat_at = ? WHERE id = ?`)
      .run(now, owner.pid, owner.host, now, id);
  }

  heartbeat(ids: string[], owner: Owner): void {
    if (ids.length === 0) return;
    const st = this.db.prepare('UPDATE campaigns SET heartbeat_at = ? WHERE id = ? AND owner_pid = ? AND owner_host = ?');
    const now = Date.now();
    this.db.transaction(() => ids.forEach((id) => st.run(now, id, owner.pid, owner.host)))();
  }

  /** Ends a session of the campaign: status, error, accumulated run time. */
  finish(id: string, status: CampaignStatus, error: string | null): void {
    const row = this.get(id);
    if (!row) return;
    const now = Date.now();
    const opts = JSON.parse(row.options_json) as Record<string, unknown>;
    const spent = (typeof opts.__runMs === 'number' ? opts.__runMs : 0) + Math.max(0, now - row.started_at);
    this.db
      .prepare('UPDATE campaigns SET status = ?, error = ?, finished_at = ?, owner_pid = NULL, heartbeat_at = ?, options_json = ? WHERE id = ?')
      .run(status, error, now, now, JSON.stringify({ ...opts, __runMs: spent }), id);
  }

  /**
   * Campaigns left 'running' by a lab process that is gone become 'interrupted' (their device runs 'partial').
   * A campaign is left alone while its owner is alive: same host and the pid exists and the heartbeat is fresh,
   * or (another host sharing the home) the heartbeat is fresh.
   */
  markInterrupted(isAlive: (pid: number) => boolean, host: string, staleMs: number): string[] {
    const rows = this.db.prepare(`SELECT id, owner_pid, owner_host, heartbeat_at, started_at, options_json FROM campaigns WHERE status = 'running'`).all() as CampaignRow[];
    const now = Date.now();
    const out: string[] = [];
    for (const r of rows) {
      const fresh = r.heartbeat_at !== null && now - r.heartbeat_at < staleMs;
      const alive = r.owner_host === host ? r.owner_pid !== null && r.owner_pid !== process.pid && isAlive(r.owner_pid) && fresh : fresh;
      if (alive) continue;
      const msg = 'Interrupted: the lab process running it stopped (killed, crashed or closed). Resume it to continue where it stopped.';
      const opts = JSON.parse(r.options_json) as Record<string, unknown>;
      const end = r.heartbeat_at ?? now;
      const spent = (typeof opts.__runMs === 'number' ? opts.__runMs : 0) + Math.max(0, end - r.started_at);
      this.db.transaction(() => {
        this.db
          .prepare(`UPDATE campaigns SET status = 'interrupted', error = ?, finished_at = ?, owner_pid = NULL, options_json = ? WHERE id = ?`)
          .run(msg, end, JSON.stringify({ ...opts, __runMs: spent }), r.id);
        this.db.prepare(`UPDATE runs SET status = 'partial', error = ?, finished_at = ? WHERE campaign_id = ? AND status = 'running'`).run(msg, end, r.id);
        this.db.prepare(`UPDATE run_models SET status = 'partial' WHERE status = 'running' AND run_id IN (SELECT id FROM runs WHERE campaign_id = ?)`).run(r.id);
      })();
      out.push(r.id);
    }
    return out;
  }

  delete(id: string): boolean {
    return this.db.transaction(() => {
      // Explicit, child tables first: keeps the cascade cheap and independent of foreign_keys.
      const runIds = this.runs(id).map((r) => r.id);
      for (const runId of runIds) {
        for (const t of ['power_samples', 'thermal_samples', 'warmup_results', 'prompt_results']) this.db.prepare(`DELETE FROM ${t} WHERE run_id = ?`).run(runId);
        this.db.prepare('DELETE FROM run_models WHERE run_id = ?').run(runId);
        this.db.prepare('DELETE FROM runs WHERE id = ?').run(runId);
      }
      this.db.prepare('DELETE FROM campaign_prompts WHERE campaign_id = ?').run(id);
      return this.db.prepare('DELETE FROM campaigns WHERE id = ?').run(id).changes > 0;
    })();
  }

  /** Summaries of campaigns (list page), computed in one pass. */
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
      .all(...(ids ?? [])) as Array<CampaignRow & { done: number; energy: number | null; run_ids: string; device_models: string }>;
    return rows.map((r) => {
      const opts = JSON.parse(r.options_json) as Record<string, unknown>;
      const prior = typeof opts.__runMs === 'number' ? opts.__runMs : 0;
      const durationMs = r.status === 'running' ? prior + (Date.now() - r.started_at) : r.finished_at !== null ? prior : null;
      return {
        id: r.id,
        status: r.status,
        createdAt: r.created_at,
        finishedAt: r.finished_at,
        durationMs,
        dataset: r.dataset,
        setName: r.set_name,
        n: r.n,
        reps: r.reps,
        seed: r.seed,
        serials: JSON.parse(r.serials_json) as string[],
        deviceModels: JSON.parse(r.device_models) as string[],
        modelIds: JSON.parse(r.model_ids_json) as string[],
        done: r.done,
        total: r.total,
        energyJ: r.energy,
        simulated: r.simulated === 1,
        error: r.error,
        runIds: JSON.parse(r.run_ids) as string[],
      };
    });
  }

  /** Recently used data set paths (for the start form). */
  recentDatasets(limit = 10): string[] {
    return this.db
      .prepare(`SELECT dataset FROM campaigns WHERE dataset NOT IN ('starter', 'mmlu') GROUP BY dataset ORDER BY MAX(created_at) DESC LIMIT ?`)
      .pluck()
      .all(limit) as string[];
  }
}

export function cellKey(promptId: string, rep: number): string {
  return `${rep}\u0000${promptId}`;
}
