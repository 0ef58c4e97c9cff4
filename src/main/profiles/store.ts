/**
 * SQLite storage of router profiles (db/0005_profiles.sql): the Profile v2 body as serialised, its checksum and a
 * provenance summary for listing; and the embedding cache keyed by (embedder, sha256 of the text).
 */
import { createHash } from 'node:crypto';
import type { ProfileSource, ProfileSummary } from '../../shared/api/profiles';
import { parseProfileV2, serializeProfileV2 } from '../routing';
import type { ProfileV2 } from '../routing';
import type { Db } from '../store/database';

interface ProfileRow {
  id: string;
  name: string;
  created_at: number;
  format_version: number;
  source: ProfileSource;
  checksum: string;
  simulated: number;
  k: number;
  model_ids_json: string;
  embedder: string;
  embedder_dim: number;
  run_ids_json: string;
  devices_json: string;
  prompt_set_fingerprint: string | null;
  n_prompts: number | null;
  seed: number | null;
  is_default: number;
  built_at: string;
}

const SUMMARY_COLS = `id, name, created_at, format_version, source, checksum, simulated, k, model_ids_json, embedder, embedder_dim,
  run_ids_json, devices_json, prompt_set_fingerprint, n_prompts, seed, is_default, json_extract(body_json, '$.created_at') AS built_at`;

/** `cactus/<model id>`: the external embedder name the lab gives the runner's embed request. */
export const DEVICE_EMBEDDER_PREFIX = 'cactus/';

function embeddable(embedder: string): ProfileSummary['embeddable'] {
  if (embedder === 'lexical-hash-v1') return 'lexical';
  if (embedder.startsWith(`external:${DEVICE_EMBEDDER_PREFIX}`)) return 'device';
  return 'needs-embedding';
}

function toSummary(r: ProfileRow): ProfileSummary {
  const external = r.embedder.startsWith('external:');
  return {
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    builtAt: r.built_at,
    formatVersion: r.format_version,
    source: r.source,
    checksum: r.checksum,
    simulated: r.simulated === 1,
    isDefault: r.is_default === 1,
    k: r.k,
    modelIds: JSON.parse(r.model_ids_json) as string[],
    embedder: { type: external ? 'external' : 'lexical-hash-v1', dim: r.embedder_dim, model: external ? r.embedder.slice('external:'.length) : null },
    embeddable: embeddable(r.embedder),
    runIds: JSON.parse(r.run_ids_json) as string[],
    devices: JSON.parse(r.devices_json) as string[],
    promptSetFingerprint: r.prompt_set_fingerprint,
    nPrompts: r.n_prompts,
    seed: r.seed,
  };
}

export interface NewProfile {
  id: string;
  name: string;
  source: ProfileSource;
  profile: ProfileV2;
  isDefault?: boolean;
  createdAt?: number;
}

export class ProfileStore {
  constructor(private readonly db: Db) {}

  insert(p: NewProfile): ProfileSummary {
    const body = p.profile;
    const prov = body.provenance;
    this.db
      .prepare(
        `INSERT INTO profiles (id, name, created_at, format_version, source, body_json, checksum, simulated, k, model_ids_json, embedder,
          embedder_dim, run_ids_json, devices_json, prompt_set_fingerprint, n_prompts, seed, is_default)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        p.id, p.name, p.createdAt ?? Date.now(), body.version, p.source, serializeProfileV2(body), body.checksum, prov.simulated ? 1 : 0,
        body.clusters.k, JSON.stringify(body.models.map((m) => m.id)),
        body.embedder.type === 'external' ? `external:${body.embedder.model}` : body.embedder.type, body.embedder.dim,
        JSON.stringify(prov.run_ids), JSON.stringify(prov.devices), prov.prompt_set_fingerprint, prov.n_prompts, prov.seed, p.isDefault ? 1 : 0,
      );
    return this.summary(p.id)!;
  }

  /** Newest first. */
  list(): ProfileSummary[] {
    const rows = this.db.prepare(`SELECT ${SUMMARY_COLS} FROM profiles ORDER BY created_at DESC, rowid DESC`).all() as ProfileRow[];
    return rows.map(toSummary);
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM profiles').get() as { n: number }).n;
  }

  summary(id: string): ProfileSummary | null {
    const row = this.db.prepare(`SELECT ${SUMMARY_COLS} FROM profiles WHERE id = ?`).get(id) as ProfileRow | undefined;
    return row ? toSummary(row) : null;
  }

  /** The stored body, re-validated (checksum included): a database edited by hand is caught here. */
  body(id: string): ProfileV2 | null {
    const row = this.db.prepare('SELECT body_json FROM profiles WHERE id = ?').get(id) as { body_json: string } | undefined;
    return row ? parseProfileV2(row.body_json) : null;
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM profiles WHERE id = ?').run(id).changes > 0;
  }

  getMeta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM profiles_meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  /** Sets a marker unless it exists; true when this call set it (an atomic claim across processes). */
  claimMeta(key: string, value: string): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO profiles_meta (key, value) VALUES (?, ?)').run(key, value).changes > 0;
  }

  transaction<T>(f: () => T): T {
    return this.db.transaction(f).immediate();
  }
}

export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Embeddings per (embedder key, sha256 of the text), as float32 blobs. */
export class EmbeddingCache {
  constructor(private readonly db: Db) {}

  get(embedderKey: string, text: string): Float32Array | null {
    const row = this.db.prepare('SELECT dim, vector FROM embedding_cache WHERE embedder_key = ? AND text_sha256 = ?').get(embedderKey, sha256Text(text)) as
      | { dim: number; vector: Buffer }
      | undefined;
    if (!row || row.vector.byteLength !== row.dim * 4) return null;
    const out = new Float32Array(row.dim);
    for (let i = 0; i < row.dim; i++) out[i] = row.vector.readFloatLE(i * 4);
    return out;
  }

  put(embedderKey: string, text: string, vector: Float32Array): void {
    const buf = Buffer.alloc(vector.length * 4);
    for (let i = 0; i < vector.length; i++) buf.writeFloatLE(vector[i]!, i * 4);
    this.db
      .prepare('INSERT OR REPLACE INTO embedding_cache (embedder_key, text_sha256, dim, vector, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(embedderKey, sha256Text(text), vector.length, buf, Date.now());
  }

  /** The dimension of any vector cached for an embedder, or null. */
  anyDim(embedderKey: string): number | null {
    const row = this.db.prepare('SELECT dim FROM embedding_cache WHERE embedder_key = ? LIMIT 1').get(embedderKey) as { dim: number } | undefined;
    return row?.dim ?? null;
  }

  count(embedderKey?: string): number {
    const row = (embedderKey
      ? this.db.prepare('SELECT COUNT(*) AS n FROM embedding_cache WHERE embedder_key = ?').get(embedderKey)
      : this.db.prepare('SELECT COUNT(*) AS n FROM embedding_cache').get()) as { n: number };
    return row.n;
  }
}
