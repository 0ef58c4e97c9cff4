import { createHash } from 'node:crypto';
import { mulberry32, shuffleInPlace, type Prng } from '../../shared/kit/prng';
import { DatasetError } from './errors';
import type { PromptItem } from './types';

/**
 * Seeded randomness from a seed string: its sha256's first 4 bytes (big-endian) seed the kit's mulberry32.
 * Same seed string -> same sequence on every machine and Node version; never Math.random.
 */
export function seededPrng(seed: string): Prng {
  return mulberry32(createHash('sha256').update(seed, 'utf8').digest().readUInt32BE(0));
}

export function seededRandom(seed: string): () => number {
  return seededPrng(seed).next;
}

/** A seeded Fisher-Yates shuffle; returns a new array. */
export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  return shuffleInPlace<T, T[]>(items.slice(), seededPrng(seed));
}

/**
 * The order of repetition `repetition` (0-based) of a run: a seeded shuffle under `<seed>/repetition/<n>`, so each
 * repetition has its own order and rerunning with the same seed reproduces every order.
 */
export function repetitionOrder<T>(items: readonly T[], seed: string, repetition: number): T[] {
  if (!Number.isInteger(repetition) || repetition < 0) {
    throw new DatasetError('invalid-option', `repetition must be a whole number >= 0 (got ${repetition}).`);
  }
  return seededShuffle(items, `${seed}/repetition/${repetition}`);
}

/**
 * How many items each subject gets out of `n`: proportional allocation `n * size / total` with largest-remainder
 * rounding (Hamilton's method), computed in exact integer arithmetic. Leftover seats go to the largest remainders;
 * equal remainders are broken by a seeded order of the subjects (so no subject is favoured by its name).
 * The quotas sum to exactly `n` and never exceed a subject's size.
 */
export function allocateBySubject(sizes: ReadonlyMap<string, number>, n: number, seed: string): Map<string, number> {
  const subjects = [...sizes.keys()].sort();
  const total = subjects.reduce((sum, s) => sum + sizes.get(s)!, 0);
  checkSampleSize(n, total);
  const tieOrder = new Map(seededShuffle(subjects, `${seed}/ties`).map((s, i) => [s, i]));
  const quotas = new Map<string, number>();
  const remainders: Array<{ subject: string; rem: number }> = [];
  let assigned = 0;
  for (const s of subjects) {
    const share = n * sizes.get(s)!;
    const q = Math.floor(share / total);
    quotas.set(s, q);
    assigned += q;
    remainders.push({ subject: s, rem: share - q * total });
  }
  remainders.sort((a, b) => b.rem - a.rem || tieOrder.get(a.subject)! - tieOrder.get(b.subject)!);
  for (let k = 0; k < n - assigned; k++) {
    const r = remainders[k]!;
    quotas.set(r.subject, quotas.get(r.subject)! + 1);
  }
  return quotas;
}

function checkSampleSize(n: number, total: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new DatasetError('invalid-option', `The sample size must be a whole number >= 1 (got ${n}).`);
  }
  if (n > total) {
    throw new DatasetError('sample-too-large',
      `Asked for ${n} prompts but the set has only ${total}: ask for at most ${total}.`);
  }
}

/**
 * A stratified random sample of exactly `n` items: each subject gets its proportional quota (allocateBySubject),
 * and within a subject the items are a seeded random choice (made over the items sorted by id, so the same set
 * loaded in another order gives the same sample). Deterministic per (items, n, seed). The result keeps
 * the source order (subject by subject, as loaded); use repetitionOrder/seededShuffle for the order of a run.
 */
export function sampleStratified(items: readonly PromptItem[], n: number, seed: string): PromptItem[] {
  const bySubject = new Map<string, number[]>();
  items.forEach((item, index) => {
    const list = bySubject.get(item.subject);
    if (list) list.push(index);
    else bySubject.set(item.subject, [index]);
  });
  checkSampleSize(n, items.length);
  const quotas = allocateBySubject(new Map([...bySubject].map(([s, l]) => [s, l.length])), n, seed);
  const chosen: number[] = [];
  for (const [subject, indices] of bySubject) {
    const q = quotas.get(subject)!;
    // Shuffle in id order, so the pick depends on the set's content, not on the order it was loaded in.
    const byId = [...indices].sort((a, b) => (items[a]!.id < items[b]!.id ? -1 : items[a]!.id > items[b]!.id ? 1 : 0));
    chosen.push(...seededShuffle(byId, `${seed}/subject/${subject}`).slice(0, q));
  }
  chosen.sort((a, b) => a - b);
  return chosen.map((i) => items[i]!);
}
