/** What the subject picker shows: the chosen subjects' prompt count, and the list narrowed by a filter. Pure. */
import { formatInt, plural } from '../../../shared/format';

export interface SubjectRow {
  subject: string;
  count: number;
}

/** "All 57 subjects (14,042 prompts)" or "2 of 57 subjects: 252 prompts". */
export function subjectsSummary(selected: readonly string[], subjects: readonly SubjectRow[]): string {
  const total = subjects.reduce((n, s) => n + s.count, 0);
  if (selected.length === 0) return `All ${plural(subjects.length, 'subject')} (${plural(total, 'prompt')}); tick some to use only those.`;
  const chosen = subjects.filter((s) => selected.includes(s.subject)).reduce((n, s) => n + s.count, 0);
  return `${formatInt(selected.length)} of ${plural(subjects.length, 'subject')}: ${plural(chosen, 'prompt')}.`;
}

/** The subjects whose name contains the filter (spaces match underscores), in their order. */
export function filterSubjects<S extends SubjectRow>(subjects: readonly S[], filter: string): S[] {
  const f = filter.trim().toLowerCase().replaceAll(' ', '_');
  return f === '' ? [...subjects] : subjects.filter((s) => s.subject.toLowerCase().includes(f));
}
