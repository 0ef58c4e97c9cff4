/** Choosing topics of the prompt set: every subject with its number of prompts; none ticked means all of them. */
import { useState } from 'react';
import { useLabQuery } from '../lab/useLabQuery';
import { plural } from '../../../shared/format';
import { toggled } from '../ui/forms';
import { filterSubjects, subjectsSummary } from './subjects-view';

export interface SubjectPickerProps {
  /** The prompt set as the request names it ('' while a path is being typed). */
  dataset: string;
  selected: string[];
  onChange: (subjects: string[], poolSize: number | null) => void;
}

export function SubjectPicker({ dataset, selected, onChange }: SubjectPickerProps) {
  const [filter, setFilter] = useState('');
  const q = useLabQuery((lab) => lab.datasets.subjects({ dataset }), [dataset], { enabled: dataset !== '' });
  const subjects = q.data?.subjects ?? null;
  const pool = (next: string[]) => (subjects === null ? null : next.length === 0 ? (q.data?.total ?? null) : subjects.filter((s) => next.includes(s.subject)).reduce((n, s) => n + s.count, 0));
  const set = (next: string[]) => onChange(next, pool(next));
  if (dataset === '') return null;
  return (
    <div className="option subject-picker" data-testid="subject-picker">
      <span className="option-label">Subjects</span>
      {q.error ? (
        <span className="help muted" data-testid="subject-picker-note">
          Subjects can be chosen once the set is loaded: {q.error.message}
        </span>
      ) : subjects === null ? (
        <span className="help muted">Loading the subjects…</span>
      ) : (
        <>
          <span className="help" data-testid="subject-summary">
            {subjectsSummary(selected, subjects)}
            {selected.length > 0 ? (
              <>
                {' '}
                <button type="button" className="btn btn-link" onClick={() => set([])} data-testid="subject-clear">
                  use all
                </button>
              </>
            ) : null}
          </span>
          {subjects.length > 8 ? (
            <input className="input" placeholder={`Filter ${plural(subjects.length, 'subject')}`} value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="subject-filter" />
          ) : null}
          <ul className="check-list subject-list" data-testid="subject-options">
            {filterSubjects(subjects, filter).map((s) => (
              <li key={s.subject}>
                <label data-testid="subject-option" data-subject={s.subject}>
                  <input type="checkbox" checked={selected.includes(s.subject)} onChange={(e) => set(toggled(selected, s.subject, e.target.checked))} />
                  <span>
                    {s.subject.replaceAll('_', ' ')} <span className="muted">({s.count})</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
