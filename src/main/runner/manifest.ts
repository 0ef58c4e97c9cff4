/**
 * The pure parts of deployment: the sha256 manifest kept on the device, diffing it against the local files, and
 * parsing `df -k` and `sha256sum` output.
 */

export const MANIFEST_NAME = '.aurora-manifest.json';

export interface DeployFile {
  /** Absolute local path. */
  local: string;
  /** Path relative to the device folder (forward slashes), e.g. `models/qwen-600m/config.txt`. */
  remote: string;
  size: number;
  sha256: string;
  /** Permission bits for the pushed file. */
  mode: number;
}

export interface ManifestEntry {
  sha256: string;
  size: number;
}

export interface DeviceManifest {
  version: 1;
  files: Record<string, ManifestEntry>;
  updatedAt: number;
}

/** Reads a device manifest; anything unreadable counts as no manifest (every file is then verified by hash). */
export function parseManifest(text: string | null): DeviceManifest | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<DeviceManifest>;
    if (v.version !== 1 || typeof v.files !== 'object' || v.files === null) return null;
    const files: Record<string, ManifestEntry> = {};
    for (const [k, e] of Object.entries(v.files)) {
      if (e && typeof e.sha256 === 'string' && /^[0-9a-f]{64}$/.test(e.sha256) && typeof e.size === 'number') files[k] = { sha256: e.sha256, size: e.size };
    }
    return { version: 1, files, updatedAt: typeof v.updatedAt === 'number' ? v.updatedAt : 0 };
  } catch {
    return null;
  }
}

export interface ManifestDiff {
  /** The manifest says these are on the device unchanged: verify with sha256sum, then skip. */
  claimedUnchanged: DeployFile[];
  /** The manifest has a different hash or size: push. */
  changed: DeployFile[];
  /** Not in the manifest (first deploy, or an interrupted one): check the device for them, else push. */
  unknown: DeployFile[];
}

export function diffManifest(files: DeployFile[], manifest: DeviceManifest | null): ManifestDiff {
  const diff: ManifestDiff = { claimedUnchanged: [], changed: [], unknown: [] };
  for (const f of files) {
    const e = manifest?.files[f.remote];
    if (!e) diff.unknown.push(f);
    else if (e.sha256 === f.sha256 && e.size === f.size) diff.claimedUnchanged.push(f);
    else diff.changed.push(f);
  }
  return diff;
}

/** `sha256sum a b` output → path → hash. Lines for missing files (on stderr) are simply absent. */
export function parseSha256sum(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-fA-F]{64})\s+\*?(.+?)\s*$/.exec(line);
    if (m) out.set(m[2]!, m[1]!.toLowerCase());
  }
  return out;
}

export interface DfRow {
  filesystem: string;
  sizeKb: number;
  usedKb: number;
  availKb: number;
  mount: string;
}

/**
 * `df -k PATH` (toybox / coreutils / busybox): a header, then one row per filesystem; long filesystem names may
 * wrap onto their own line (busybox), in which case the numbers are on the next line.
 */
export function parseDf(text: string): DfRow[] {
  const rows: DfRow[] = [];
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  let carry: string | null = null;
  for (const line of lines) {
    if (/^Filesystem\b/i.test(line)) continue;
    const parts = line.split(/\s+/);
    if (parts.length === 1) {
      carry = parts[0]!;
      continue;
    }
    const cols = carry ? [carry, ...parts] : parts;
    carry = null;
    if (cols.length < 6) continue;
    const [fs, size, used, avail] = cols;
    const n = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : NaN);
    const row = { filesystem: fs!, sizeKb: n(size), usedKb: n(used), availKb: n(avail), mount: cols.slice(5).join(' ') };
    if ([row.sizeKb, row.usedKb, row.availKb].every(Number.isFinite)) rows.push(row);
  }
  return rows;
}

/** Bytes → "12.3 MB" for messages. */
export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
