/**
 * A campaign's prompt set by what tells it apart: the folder or file it was loaded from (not the loader's set name,
 * which is `mmlu/test` for every MMLU folder) and its fingerprint, short on the page and whole in the tooltip.
 * Labels of a list are made together so two folders with the same last name still read differently (more of their
 * path is shown). Pure, unit-tested in test/unit/renderer/campaigns/dataset-name.test.ts.
 */
import type { CampaignSummary } from '../../../shared/api/campaigns';

/** Hex digits of a fingerprint shown on the page; the tooltip has all of it. */
export const SHORT_FINGERPRINT = 8;

const BUILTIN: Record<string, string> = { starter: 'starter (built in)', mmlu: 'MMLU (lab cache)' };

/** The path's parts, without empty ones (trailing slashes, doubled separators); either separator. */
function parts(spec: string): string[] {
  return spec.split(/[\\/]+/).filter(Boolean);
}

function isPath(spec: string): boolean {
  return !(spec in BUILTIN) && (/[\\/]/.test(spec) || /\.[A-Za-z0-9]+$/.test(spec));
}

/**
 * A label per distinct spec: built-in sets by name, paths by their last folder or file name, lengthened by one
 * parent at a time where two different paths would otherwise read the same.
 */
export function datasetLabels(specs: readonly string[]): Map<string, string> {
  const unique = [...new Set(specs)];
  const depth = new Map(unique.map((s) => [s, 1]));
  const label = (s: string) => (isPath(s) ? parts(s).slice(-depth.get(s)!).join('/') : (BUILTIN[s] ?? s));
  for (let round = 0; round < 64; round++) {
    const byLabel = new Map<string, string[]>();
    for (const s of unique) byLabel.set(label(s), [...(byLabel.get(label(s)) ?? []), s]);
    let grew = false;
    for (const same of byLabel.values()) {
      if (same.length < 2) continue;
      for (const s of same) {
        if (isPath(s) && depth.get(s)! < parts(s).length) {
          depth.set(s, depth.get(s)! + 1);
          grew = true;
        }
      }
    }
    if (!grew) break;
  }
  return new Map(unique.map((s) => [s, label(s)]));
}

export interface SetView {
  /** "mmlu-canonical" or "starter (built in)". */
  label: string;
  /** The first hex digits of the set's fingerprint, or null when the answer did not carry it. */
  fingerprint: string | null;
  /** "mmlu-canonical · 3f2a9c01": what a list shows. */
  text: string;
  /** The whole path, the loader's set name and the whole fingerprint. */
  title: string;
}

/**
 * `campaigns.list` and `campaigns.get` carry the set fingerprint (CampaignSummary.setFingerprint); an answer
 * without it (an older lab) shows the label alone.
 */
export function setView(
  c: Pick<CampaignSummary, 'dataset' | 'setName'> & { setFingerprint?: string | null },
  labels: ReadonlyMap<string, string> = datasetLabels([c.dataset]),
): SetView {
  const label = labels.get(c.dataset) ?? datasetLabels([c.dataset]).get(c.dataset)!;
  const full = typeof c.setFingerprint === 'string' && c.setFingerprint ? c.setFingerprint : null;
  const fingerprint = full ? full.replace(/^sha256:/, '').slice(0, SHORT_FINGERPRINT) : null;
  const title = [
    isPath(c.dataset) ? `Loaded from ${c.dataset}` : `Prompt set: ${c.dataset}`,
    c.setName && c.setName !== c.dataset ? `read as ${c.setName}` : null,
    full ? `set fingerprint ${full}` : 'set fingerprint: on the campaign’s page',
  ]
    .filter(Boolean)
    .join(' · ');
  return { label, fingerprint, text: fingerprint ? `${label} · ${fingerprint}` : label, title };
}
