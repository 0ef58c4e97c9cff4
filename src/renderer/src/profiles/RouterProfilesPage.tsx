/** Stored router profiles (what build-profile makes): the list with delete, build from measured runs, import a file. */
import { useState } from 'react';
import type { ProfileSummary } from '../../../shared/api/profiles';
import { routerProfileHref } from '../app/routing';
import { useLabAction } from '../lab/useLabAction';
import { Badge, SimulatedBadge } from '../ui/Badge';
import { ActionNote, InlineError } from '../ui/Messages';
import { TableBox, num } from '../ui/TableBox';
import { BuildProfileForm } from './BuildProfileForm';
import { useRouterProfiles } from './hooks';
import { ImportProfileForm } from './ImportProfileForm';
import { profileRow } from './profiles-view';
import './profiles.css';

export function RouterProfilesPage() {
  const list = useRouterProfiles();
  return (
    <div className="page" data-testid="router-profiles-page">
      <div className="page-header">
        <h1 data-testid="page-heading">Router profiles</h1>
        <span className="muted">cluster error-rate profiles the phone’s router uses, rebuilt from measured runs</span>
      </div>
      {list.error ? <InlineError message={`Could not load the router profiles: ${list.error.message}`} testId="profiles-error" onRetry={list.refetch} /> : null}
      <ProfileTable profiles={list.data ?? null} error={list.error !== null} onChanged={list.refetch} />
      <BuildProfileForm onBuilt={list.refetch} />
      <ImportProfileForm onImported={list.refetch} />
    </div>
  );
}

function ProfileTable({ profiles, error, onChanged }: { profiles: ProfileSummary[] | null; error: boolean; onChanged: () => void }) {
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const action = useLabAction<'delete'>();
  const remove = (p: ProfileSummary) =>
    void action
      .run(
        'delete',
        async (lab) => {
          const r = await lab.profiles.delete({ profileId: p.id });
          return r.deleted
            ? { kind: 'ok', text: `Deleted “${p.name}”.${p.isDefault ? ' The shipped default is not re-imported.' : ''}` }
            : { kind: 'error', text: 'Nothing was deleted (it was already gone).' };
        },
        'Delete failed',
      )
      .then(() => {
        setConfirmDelete(null);
        onChanged();
      });

  return (
    <>
      <ActionNote message={action.message} testId="profile-delete-result" />
      <section className="panel" data-testid="router-profiles-list">
        <h3 className="panel-title">Stored router profiles{profiles ? ` (${profiles.length})` : ''}</h3>
        {profiles === null ? (
          error ? null : <p className="muted">Loading router profiles…</p>
        ) : profiles.length === 0 ? (
          <p className="muted" data-testid="profiles-empty">
            No router profiles. Build one from measured runs below, or import a router profile file.
          </p>
        ) : (
          <TableBox
            columns={[
              'Name', 'Source', num('K'), 'Models', 'Embedder', num('Prompts'), 'Stored', 'Delete',
            ]}
            testId="profiles-table"
          >
            {profiles.map((p) => {
              const v = profileRow(p);
              return (
                <tr key={p.id} data-testid="profile-row" data-profile-id={p.id} data-simulated={p.simulated} data-default={p.isDefault}>
                  <td>
                    <a href={routerProfileHref(p.id)} data-testid="profile-link">
                      {v.name}
                    </a>{' '}
                    {v.isDefault ? (
                      <Badge tone="info" title="The shipped default profile for the virtual phones' models" testId="default-badge">
                        default
                      </Badge>
                    ) : null}{' '}
                    {v.simulated ? <SimulatedBadge title="Built from virtual-phone runs: every figure in it is simulated" testId="profile-simulated-badge" /> : null}
                    <div className="sub mono">{p.id.slice(0, 8)}</div>
                  </td>
                  <td>{v.source}</td>
                  <td className="num">{v.k}</td>
                  <td className="mono">{v.models}</td>
                  <td>{v.embedder}</td>
                  <td className="num">{v.prompts}</td>
                  <td className="nowrap">{v.created}</td>
                  <td className="nowrap">
                    {confirmDelete === p.id ? (
                      <span className="confirm" role="alertdialog" aria-label="Confirm delete" data-testid="profile-delete-confirm">
                        Delete “{v.name}”?{' '}
                        <button type="button" className="btn btn-danger btn-small" onClick={() => remove(p)} data-testid="profile-delete-yes">
                          Delete
                        </button>{' '}
                        <button type="button" className="btn btn-small" onClick={() => setConfirmDelete(null)} data-testid="profile-delete-no">
                          Keep
                        </button>
                      </span>
                    ) : (
                      <button type="button" className="btn btn-danger btn-small" onClick={() => setConfirmDelete(p.id)} data-testid="profile-delete">
                        Delete
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </TableBox>
        )}
      </section>
    </>
  );
}
