import { createHash } from 'node:crypto';
import type { PromptItem, PromptSet } from './types';

/**
 * Version of the canonical serialisation below. Bump it if the serialisation changes: old and new fingerprints
 * must never be compared.
 */
export const FINGERPRINT_VERSION = 'aurora-prompts/v1';

/**
 * sha256 (hex) over a canonical serialisation of `items`, in order: a version line, then one line per item holding
 * the JSON array `[id, subject, question, choices, answer]` (JSON.stringify of strings/arrays/null is fully
 * deterministic). Where an item came from (`source`) is left out, so the same questions loaded from a canonical,
 * letter-header or index-header copy, on any machine, fingerprint the same. Any change to a selected item's id,
 * subject, text, choices, answer, or to the selection's order or size, changes the fingerprint.
 */
export function fingerprintItems(items: readonly PromptItem[]): string {
  const hash = createHash('sha256');
  hash.update(`${FINGERPRINT_VERSION}\n`);
  for (const item of items) {
    hash.update(JSON.stringify([item.id, item.subject, item.question, item.choices, item.answer]));
    hash.update('\n');
  }
  return hash.digest('hex');
}

/** What to record with a run so "the same 200 prompts" can be proved: the whole set's and the selection's hashes. */
export interface SelectionFingerprint {
  setName: string;
  /** Fingerprint of the whole source set. */
  setFingerprint: string;
  /** Fingerprint of the selected items, in the order they will be run. */
  selectionFingerprint: string;
  count: number;
  fingerprintVersion: string;
}

export function fingerprintSelection(set: PromptSet, selected: readonly PromptItem[]): SelectionFingerprint {
  return {
    setName: set.name,
    setFingerprint: set.fingerprint,
    selectionFingerprint: fingerprintItems(selected),
    count: selected.length,
    fingerprintVersion: FINGERPRINT_VERSION,
  };
}
