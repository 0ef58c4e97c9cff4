/**
 * SQLite storage of router profiles (db/0005_profiles.sql): the Profile v2 body as serialised, its checksum and a
 * provenance summary for listing; and the embedding cache keyed by (embedder, sha256 of the text).
 */
import { createHash } from 'node:crypto';
import type { ProfileSource, ProfileSummary } from '../../shared/api/profiles';
import { parseProfileV2, serializeProfileV2 } from '../routing';
import type { ProfileV2 } from '../routing';
import type { Db } from '../store/database';
import { num, row, rowOrNull, str, stringArray, type Row } from '../store/rows';

const SOURCES: readonly ProfileSource[] = ['built', 'imported-v2', 'imported-seed-v1'];

const SUMMARY_COLS = `id, name, created_at, format_version, source, checksum, simulated, k, model_ids_json, embedder, embedder_dim,
  run_ids_json, devices_json, prompt_set_fingerprint, n_prompts, seed, is_default, json_extract(body_json, '$.created_at') AS built_at`;

/** `cactus/<model id>`: the external embedder name the lab gives the runner's embed request. */
export const DEVICE_EMBEDDER_PREFIX = 'cactus/';

function embeddable(embedder: string): ProfileSummary['embeddable'] {
  if (embedder === 'lexical-hash-v1') return 'lexical';
  if (embedder.startsWith(`external:${DEVICE_EMBEDDER_PREFIX}`)) return 'device';
  return 'needs-embedding';
}

function toSummary(r: Row): ProfileSummary {
  const embedder = r.str('embedder');
  const external = embedder.startsWith('external:');
  return {
    id: r.str('id'),
    name: r.str('name'),
    createdAt: r.num('created_at'),
    builtAt: r.str('built_at'),
    formatVersion: r.num('format_version'),
    source: r.member('source', SOURCES),
    checksum: r.str('checksum'),
    simulated: r.flag('simulated'),
    isDefault: r.flag('is_default'),
    k: r.num('k'),
    modelIds: r.json('model_ids_json', stringArray),
    embedder: { type: external ? 'external' : 'lexical-hash-v1', dim: r.num('embedder_dim'), model: external ? embedder.slice('external:'.length) : null },
    embeddable: embeddable(embedder),
    runIds: r.json('run_ids_json', stringArray),
    devices: r.json('devices_json', stringArray),
    promptSetFingerprint: r.strOrNull('prompt_set_fingerprint'),
    nPrompts: r.numOrNull('n_prompts'),
    seed: r.numOrNull('seed'),
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

export class ProfileRepository {
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
    return this.db.prepare(`SELECT ${SUMMARY_COLS} FROM profiles ORDER BY created_at DESC, rowid DESC`).all().map((v) => toSummary(row(v, 'profiles')));
  }

  count(): number {
    return num(this.db.prepare('SELECT COUNT(*) FROM profiles').pluck().get(), 'profiles');
  }

  summary(id: string): ProfileSummary | null {
    const r = rowOrNull(this.db.prepare(`SELECT ${SUMMARY_COLS} FROM profiles WHERE id = ?`).get(id), 'profiles');
    return r ? toSummary(r) : null;
  }

  /** The stored body, re-validated (checksum included): a database edited by hand is caught here. */
  body(id: string): ProfileV2 | null {
    const body = this.db.prepare('SELECT body_json FROM profiles WHERE id = ?').pluck().get(id);
    return body === undefined ? null : parseProfileV2(str(body, 'profiles.body_json'));
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM profiles WHERE id = ?').run(id).changes > 0;
  }

  getMeta(key: string): string | null {
    const value = this.db.prepare('SELECT value FROM profiles_meta WHERE key = ?').pluck().get(key);
    return value === undefined ? null : str(value, 'profiles_meta.value');
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
    const r = rowOrNull(this.db.prepare('SELECT dim, vector FROM embedding_cache WHERE embedder_key = ? AND text_sha256 = ?').get(embedderKey, sha256Text(text)), 'embedding_cache');
    if (!r) return null;
    const dim = r.num('dim');
    const vector = r.get('vector');
    if (!Buffer.isBuffer(vector) || vector.byteLength !== dim * 4) return null;
    const out = new Float32Array(dim);
    for (let i = 0; i < dim; i++) out[i] = vector.readFloatLE(i * 4);
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
    const dim = this.db.prepare('SELECT dim FROM embedding_cache WHERE embedder_key = ? LIMIT 1').pluck().get(embedderKey);
    return dim === undefined ? null : num(dim, 'embedding_cache.dim');
  }

  count(embedderKey?: string): number {
    const n = embedderKey
      ? this.db.prepare('SELECT COUNT(*) FROM embedding_cache WHERE embedder_key = ?').pluck().get(embedderKey)
      : this.db.prepare('SELECT COUNT(*) FROM embedding_cache').pluck().get();
    return num(n, 'embedding_cache');
  }
}
