/** Import a router profile file (v2, or the seed app's v1.0, converted): checked field by field, errors name the field. */
import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { ProfileSummary } from '../../../shared/api/profiles';
import { routerProfileHref } from '../app/routing';
import { getLab } from '../lab/client';
import { describeError, errorIssues, errorMessage } from '../lab/errors';
import { VirtualBadge } from '../ui/Badge';
import { ErrorList } from '../ui/Messages';
import { importErrorLines } from './profile-build';
import { plural } from '../../../shared/format';

export function ImportProfileForm({ onImported }: { onImported: () => void }) {
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [imported, setImported] = useState<ProfileSummary | null>(null);

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    setErrors(null);
    setImported(null);
    if (!f) {
      setText(null);
      return;
    }
    setFileName(f.name);
    try {
      setText(await f.text());
    } catch (err) {
      setErrors([`Could not read ${f.name}: ${errorMessage(err)}`]);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (text === null) {
      setErrors(['Choose a router profile file (v2 or seed v1.0 JSON) first.']);
      return;
    }
    if (text.trim() === '') {
      setErrors(['The file is empty.']);
      return;
    }
    setBusy(true);
    setErrors(null);
    try {
      const p = await getLab().profiles.import({ json: text, ...(name.trim() ? { name: name.trim() } : {}) });
      setImported(p);
      onImported();
    } catch (err) {
      setErrors(importErrorLines(describeError(err).message, errorIssues(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate data-testid="profile-import-form">
      <h3 className="panel-title">Import a router profile file</h3>
      <p className="help muted">A v2 profile or the seed’s version 1.0 format (converted to v2). Checked field by field; errors name the field.</p>
      <div className="connect-row">
        <input type="file" accept=".json,application/json" onChange={(e) => void onFile(e)} data-testid="import-file" />
        <input className="input" placeholder={fileName ? `name (default from ${fileName})` : 'name (optional)'} value={name} onChange={(e) => setName(e.target.value)} data-testid="import-name" />
        <button type="submit" className="btn" disabled={busy} data-testid="import-start">
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
      <ErrorList items={errors} title="Not imported." mono className="section-gap" testId="import-errors" />
      {imported ? (
        <div className="action-msg action-ok section-gap" role="status" data-testid="import-result">
          Imported “{imported.name}” (K {imported.k}, {plural(imported.modelIds.length, 'model')}).{' '}
          {imported.simulated ? <VirtualBadge /> : null} <a href={routerProfileHref(imported.id)}>Open it</a>
        </div>
      ) : null}
    </form>
  );
}
