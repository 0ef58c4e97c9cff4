/** Cluster inspection: sizes, top subjects, example prompts, top terms (centroid weights named by the term dictionary). */
import type { ClusterInfo, ProfileV2 } from './profile-v2';
import type { TermEntry } from './embedder';
import type { SparseRows } from './kmeans';

/**
 * Top terms of a centroid: buckets by descending |weight|, each named by the training word feature of the
 * same bucket and sign (buckets with no such term are skipped).
 */
export function topTerms(centroid: ArrayLike<number>, terms: readonly TermEntry[], count = 10): string[] {
  const bySlot = new Map<number, string>();
  for (const t of terms) bySlot.set(t.bucket * 2 + (t.sign < 0 ? 1 : 0), t.term);
  const order = Array.from({ length: centroid.length }, (_, i) => i).sort(
    (a, b) => Math.abs(centroid[b]!) - Math.abs(centroid[a]!) || a - b,
  );
  const out: string[] = [];
  for (const b of order) {
    const w = centroid[b]!;
    if (w === 0 || out.length >= count) break;
    const t = bySlot.get(b * 2 + (w < 0 ? 1 : 0));
    if (t !== undefined) out.push(t);
  }
  return out;
}

export interface InspectInput {
  prompts: readonly { id: string; text: string; subject?: string | undefined }[];
  /** Rows of `vectors` / entries of `labels` -> prompt index. */
  rows: ArrayLike<number>;
  labels: ArrayLike<number>;
  vectors: SparseRows;
  centroids: Float32Array;
  k: number;
  terms: readonly TermEntry[] | null;
  examples?: number;
  subjects?: number;
  termCount?: number;
}

/** Per cluster: size, top subjects (count desc, then name), the prompts nearest the centroid, top terms. */
export function describeClusters(input: InspectInput): ClusterInfo[] {
  const { k, vectors, centroids, labels, rows, prompts } = input;
  const dim = vectors.dim;
  const nEx = input.examples ?? 3;
  const subjects = Array.from({ length: k }, () => new Map<string, number>());
  const sims: { row: number; sim: number }[][] = Array.from({ length: k }, () => []);
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    const p = prompts[rows[i]!]!;
    sizes[c]!++;
    if (p.subject) subjects[c]!.set(p.subject, (subjects[c]!.get(p.subject) ?? 0) + 1);
    let s = 0;
    for (let q = vectors.indptr[i]!; q < vectors.indptr[i + 1]!; q++) s += vectors.values[q]! * centroids[c * dim + vectors.indices[q]!]!;
    sims[c]!.push({ row: rows[i]!, sim: s });
  }
  return Array.from({ length: k }, (_, c) => ({
    size: sizes[c]!,
    top_subjects: [...subjects[c]!]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, input.subjects ?? 5)
      .map(([subject, count]) => ({ subject, count })),
    examples: sims[c]!
      .sort((a, b) => b.sim - a.sim || a.row - b.row)
      .slice(0, nEx)
      .map(({ row }) => ({ id: prompts[row]!.id, text: truncate(prompts[row]!.text, 200) })),
    top_terms: input.terms ? topTerms(centroids.subarray(c * dim, (c + 1) * dim), input.terms, input.termCount ?? 10) : [],
  }));
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

export interface ClusterSummary extends ClusterInfo {
  cluster: number;
  /** Per model id: the routing error estimate and (when measured) errors / n. */
  models: { id: string; error_rate: number; errors: number | null; n: number | null }[];
}

/** A readable summary of a profile's clusters (uses stored info; top terms recomputed when a dictionary exists). */
export function clusterSummaries(profile: ProfileV2, termCount = 10): ClusterSummary[] {
  const terms = profile.term_dictionary;
  return profile.clusters.centroids.map((centroid, c) => {
    const info = profile.clusters.info?.[c];
    return {
      cluster: c,
      size: info?.size ?? 0,
      top_subjects: info?.top_subjects ?? [],
      examples: info?.examples ?? [],
      top_terms: terms ? topTerms(centroid, terms, termCount) : (info?.top_terms ?? []),
      models: profile.models.map((m) => ({
        id: m.id,
        error_rate: m.error_rates[c]!,
        errors: m.errors?.[c] ?? null,
        n: m.n?.[c] ?? null,
      })),
    };
  });
}
