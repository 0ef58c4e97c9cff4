/**
 * Router profile files: reading either format (v2, seed v1, told apart by `format`), writing v2 (lossless) or
 * seed v1 (lossy, saying what it drops), and the shipped default profile (profiles/default-virtual.json), found
 * for every way the core runs (packaged app, build, source), like the migrations.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProfileExport, ProfileSource } from '../../shared/api/profiles';
import { DEFAULT_MAX_PROFILE_BYTES, exportSeedV1, parseAnyProfile, parseJsonDocument, PROFILE_FORMAT, serializeProfileV2 } from '../routing';
import type { ProfileV2 } from '../routing';

export const DEFAULT_PROFILE_FILE = 'default-virtual.json';
export const DEFAULT_PROFILE_NAME = 'Default: virtual phones (SIMULATED)';

export function findDefaultProfile(): string | null {
  const candidates: string[] = [];
  if (process.env.AURORA_LAB_PROFILES) candidates.push(process.env.AURORA_LAB_PROFILES);
  const resourcesPath: unknown = Reflect.get(process, 'resourcesPath');
  if (typeof resourcesPath === 'string') candidates.push(join(resourcesPath, 'profiles'));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, 'profiles'));
    dir = resolve(dir, '..');
  }
  const found = candidates.find((c) => existsSync(join(c, DEFAULT_PROFILE_FILE)));
  return found ? join(found, DEFAULT_PROFILE_FILE) : null;
}

/** Parses router profile JSON of either format, and says which it was. Errors name the field (RoutingError). */
export function parseProfileText(text: string | Uint8Array): { profile: ProfileV2; source: Exclude<ProfileSource, 'built'> } {
  const doc: unknown = parseJsonDocument(text, 'profile', DEFAULT_MAX_PROFILE_BYTES);
  const v2 = typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'format' in doc && doc.format === PROFILE_FORMAT;
  return { profile: parseAnyProfile(text), source: v2 ? 'imported-v2' : 'imported-seed-v1' };
}

/** A router profile as a file of the given format, named after `baseName`. */
export function exportProfile(p: ProfileV2, format: 'v2' | 'seed-v1', baseName: string): ProfileExport {
  const safe = baseName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'profile';
  if (format === 'v2') return { format, fileName: `${safe}.v2.json`, json: serializeProfileV2(p), dropped: [] };
  const { profile, dropped } = exportSeedV1(p);
  return { format, fileName: `${safe}.seed-v1.json`, json: `${JSON.stringify(profile, null, 2)}\n`, dropped };
}
