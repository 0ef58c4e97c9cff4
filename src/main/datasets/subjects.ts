/** Choosing topics of a prompt set (MMLU's 57 subjects, the starter set's 6): counts, and a checked selection. */
import { didYouMean } from '../../shared/kit/suggest';
import type { PromptItem } from './types';

export interface SubjectCount {
  subject: string;
  count: number;
}

/** Each subject of the items with its number of prompts, by name. */
export function subjectCounts(items: readonly PromptItem[]): SubjectCount[] {
  const counts = new Map<string, number>();
  for (const it of items) counts.set(it.subject, (counts.get(it.subject) ?? 0) + 1);
  return [...counts].map(([subject, count]) => ({ subject, count })).sort((a, b) => a.subject.localeCompare(b.subject));
}

/** How a typed subject is matched: case, spaces and hyphens aside ("College Physics" is college_physics). */
export function subjectKey(s: string): string {
  return s.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** The first subject the set does not have (its index and what to say, with the closest names), or null. */
export function unknownSubject(items: readonly PromptItem[], subjects: readonly string[], setName: string): { index: number; message: string } | null {
  const known = subjectCounts(items).map((s) => s.subject);
  const keys = new Set(known.map(subjectKey));
  const index = subjects.findIndex((s) => !keys.has(subjectKey(s)));
  if (index < 0) return null;
  const s = subjects[index]!;
  return { index, message: `${setName} has no subject "${s}".${didYouMean(s, known)} Its ${known.length} subjects: ${known.join(', ')}.` };
}

/** The items of the chosen subjects, in the set's order. */
export function itemsOfSubjects(items: readonly PromptItem[], subjects: readonly string[]): PromptItem[] {
  const chosen = new Set(subjects.map(subjectKey));
  return items.filter((it) => chosen.has(subjectKey(it.subject)));
}
