/**
 * One stored router profile: where it came from and how it was built, its error-rate heatmap (model × cluster), the
 * cluster inspector, measured costs per device, routing a prompt with it, export, and a comparison with another.
 */
import { useMemo } from 'react';
import type { ProfileDetail } from '../../../shared/api/profiles';
import { pageHref } from '../app/routing';
import { Badge, SimulatedBadge } from '../ui/Badge';
import { Breadcrumb } from '../ui/Breadcrumb';
import { ChartPanel } from '../ui/ChartPanel';
import { FactGroup } from '../ui/FactGroup';
import { MISSING, formatInt } from '../../../shared/format';
import { InlineError } from '../ui/Messages';
import { CompareProfilesPanel } from './CompareProfilesPanel';
import { useRouterProfile } from './hooks';
import { buildHeatmapOption } from './profile-heatmap';
import { EMBEDDABLE_TEXT, SOURCE_LABELS, clusterViews, costMetricLabel, costRows, embedderText } from './profiles-view';
import { ProfileExportButtons } from './ProfileExportButtons';
import { RoutePromptPanel } from './RoutePromptPanel';
import { ClusterInspector, CostTable } from './RouterProfileTables';
import './profiles.css';

export function RouterProfilePage({ profileId }: { profileId: string }) {
  return <ProfileView key={profileId} profileId={profileId} />;
}

function ProfileView({ profileId }: { profileId: string }) {
  const profile = useRouterProfile(profileId);
  if (profile.data) return <LoadedProfile d={profile.data} />;
  const notFound = profile.error?.code === 'not-found';
  return (
    <div className="page" data-testid="profile-detail">
      <Breadcrumb trail={[{ label: 'Router profiles', href: pageHref('router-profiles') }, { label: profileId.slice(0, 8) }]} />
      {profile.error ? (
        <InlineError testId="profile-load-error" message={notFound ? `The lab has no router profile ${profileId}.` : profile.error.message} onRetry={notFound ? undefined : profile.refetch} />
      ) : (
        <div className="panel muted">Loading router profile…</div>
      )}
    </div>
  );
}

function LoadedProfile({ d }: { d: ProfileDetail }) {
  const clusters = useMemo(() => clusterViews(d), [d]);
  const heatOption = useMemo(() => buildHeatmapOption(d, { simulated: d.simulated }), [d]);
  const costs = useMemo(() => costRows(d), [d]);
  const ev = d.evaluation;
  const rows = [
    { label: 'Source', value: SOURCE_LABELS[d.source] ?? d.source },
    { label: 'Built', value: d.builtAt },
    { label: 'Embedder', value: `${embedderText(d.embedder)} · ${EMBEDDABLE_TEXT[d.embeddable]}` },
    { label: 'Clusters', value: `K ${d.k}${ev ? ` · ${ev.kSelection.mode === 'fixed' ? 'fixed' : 'chosen by validation log-loss'}` : ''}` },
    { label: 'Models', value: <span className="mono">{d.modelIds.join(', ')}</span> },
    { label: 'Runs', value: <span className="mono">{d.runIds.map((r) => r.slice(0, 8)).join(', ') || MISSING}</span> },
    { label: 'Devices', value: <span className="mono">{d.devices.join(', ') || MISSING}</span> },
    { label: 'Prompts', value: d.nPrompts === null ? MISSING : `${formatInt(d.nPrompts)}${ev ? ` (train ${formatInt(ev.trainPrompts)} · validation ${formatInt(ev.validationPrompts)})` : ''}` },
    { label: 'Seed', value: d.seed === null ? MISSING : String(d.seed) },
    { label: 'Routing', value: `${costMetricLabel(d.routing.costMetric)} · λ ${d.routing.lambdaMin}..${d.routing.lambdaMax} · default preference ${d.routing.defaultPreference}` },
    {
      label: 'Evaluation',
      value: ev ? `validation log-loss ${ev.validationLogLoss === null ? MISSING : ev.validationLogLoss.toFixed(4)} · silhouette ${ev.silhouette === null ? MISSING : ev.silhouette.toFixed(3)}` : 'none recorded',
    },
    { label: 'Prior', value: d.estimation ? `Beta prior strength ${d.estimation.priorStrength}` : 'none (raw rates)' },
    { label: 'Checksum', value: <span className="mono break">{d.checksum}</span> },
    ...(d.promptSetFingerprint ? [{ label: 'Prompt set', value: <span className="mono break">{d.promptSetFingerprint}</span> }] : []),
  ];
  return (
    <div className="page" data-testid="profile-detail" data-profile-id={d.id} data-simulated={d.simulated} data-k={d.k}>
      <Breadcrumb trail={[{ label: 'Router profiles', href: pageHref('router-profiles') }, { label: d.name }]} />
      <div className="page-header">
        <h1 data-testid="page-heading">{d.name}</h1>
        {d.isDefault ? <Badge tone="info">default</Badge> : null}
        {d.simulated ? <SimulatedBadge testId="profile-simulated-badge" /> : null}
        <span className="tag">v{d.formatVersion}</span>
        <span className="strip-spacer" />
        <ProfileExportButtons profile={d} />
      </div>
      {d.simulated ? (
        <div className="banner banner-virtual" data-testid="profile-simulated-note">
          Built from virtual-phone runs: its error rates, latencies and energy are simulated, not measured on real hardware.
        </div>
      ) : null}

      <div className="facts-grid">
        <FactGroup title="Router profile" testId="profile-facts" rows={rows}>
          {d.notes ? <p className="help muted pre-wrap">{d.notes}</p> : null}
        </FactGroup>
        <RoutePromptPanel d={d} />
      </div>

      <ChartPanel
        key={`heat-${d.id}`}
        title={`Error rate · model × cluster${d.simulated ? ' · simulated' : ''}`}
        option={heatOption}
        fileName={`aurora-lab-profile-${d.id.slice(0, 8)}-heatmap.png`}
        testId="profile-heatmap"
        tall={d.heatmap.models.length > 6}
        data={{ models: d.heatmap.models.length, clusters: d.k }}
        empty={d.heatmap.models.length === 0 ? 'No models in this profile.' : null}
      >
        <p className="legend muted">Hover a cell: the rate routing uses (Beta-smoothed), the measured count and its 95% interval.</p>
      </ChartPanel>

      <ClusterInspector clusters={clusters} />
      <CostTable costs={costs} simulated={d.simulated} />

      <CompareProfilesPanel d={d} />
    </div>
  );
}
