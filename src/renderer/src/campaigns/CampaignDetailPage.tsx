/**
 * One campaign: what was asked (prompt set, sample, devices, models), live progress while it runs, accuracy with
 * intervals, distributions, the subject heatmap, each device's run with its power timeline and conditions; resume,
 * cancel, export, delete, and a link to compare it with another campaign.
 */
import { useState } from 'react';
import type { CampaignInfo } from '../../../shared/api/campaigns';
import { campaignCompareHref, runHref } from '../app/routing';
import { navigate } from '../app/useHashRoute';
import { Badge } from '../ui/Badge';
import { Breadcrumb } from '../ui/Breadcrumb';
import { FactGroup } from '../ui/FactGroup';
import { MISSING, formatDateTime, formatDuration, formatInt, plural } from '../../../shared/format';
import { InlineError } from '../ui/Messages';
import { ProgressBar } from '../ui/ProgressBar';
import { useNow } from '../ui/useNow';
import { CampaignHeader } from './CampaignActions';
import { ConditionsTable, DeviceTimeline } from './CampaignDevices';
import { AccuracyBars, Distributions, FiguresTable, SubjectHeatmap } from './CampaignFigures';
import { campaignProgressView } from './campaign-progress';
import { SHORT_FINGERPRINT, datasetLabels, setView } from './dataset-name';
import { useCampaign, useCampaignDetail, useCampaignList, useOneCampaignProgress } from './hooks';
import './campaigns.css';

export function CampaignDetailPage({ campaignId }: { campaignId: string }) {
  return <CampaignView key={campaignId} campaignId={campaignId} />;
}

function CampaignView({ campaignId }: { campaignId: string }) {
  const now = useNow();
  const info = useCampaign(campaignId);
  const detail = useCampaignDetail(campaignId);
  const progress = useOneCampaignProgress(campaignId, info.data?.progress);
  const [deleted, setDeleted] = useState(false);
  const crumbs = [{ label: 'Runs', href: '#/runs' }, { label: `campaign ${campaignId.slice(0, 8)}` }];
  const reload = () => (info.refetch(), detail.refetch());

  if (deleted) {
    return (
      <div className="page" data-testid="campaign-detail">
        <Breadcrumb trail={crumbs} />
        <div className="panel" data-testid="campaign-deleted">
          Campaign {campaignId.slice(0, 8)}, its runs and everything under them were deleted. Back to <a href="#/runs">Runs</a>.
        </div>
      </div>
    );
  }
  const c = info.data;
  if (!c) {
    const notFound = info.error?.code === 'not-found';
    return (
      <div className="page" data-testid="campaign-detail">
        <Breadcrumb trail={crumbs} />
        {info.error ? (
          <InlineError testId="campaign-load-error" message={notFound ? `The lab has no campaign ${campaignId}.` : info.error.message} onRetry={notFound ? undefined : reload} />
        ) : (
          <div className="panel muted">Loading campaign {campaignId.slice(0, 8)}…</div>
        )}
      </div>
    );
  }

  const status = progress && progress.at > 0 && c.status === 'running' ? progress.status : c.status;
  const running = status === 'running';
  const pv = running && progress ? campaignProgressView(progress, now) : null;
  const order = c.modelIds;
  const d = detail.data;
  const conditions = d?.conditions ?? c.conditions;

  return (
    <div className="page" data-testid="campaign-detail" data-campaign-id={campaignId} data-status={status}>
      <Breadcrumb trail={crumbs} />
      <CampaignHeader info={c} status={status} onChanged={reload} onDeleted={() => setDeleted(true)} />
      {c.simulated ? (
        <div className="banner banner-virtual" data-testid="simulated-note">
          This campaign includes virtual phones: their accuracy, latencies, energy and temperatures are simulated, not
          measured on real hardware.
        </div>
      ) : null}
      {c.ownedElsewhere ? (
        <div className="banner banner-warn" data-testid="owned-elsewhere">
          Another lab process (the desktop app or a CLI) is running this campaign: cancel or resume it there.
        </div>
      ) : null}
      {c.error ? <InlineError message={`The campaign ended with an error: ${c.error}`} testId="campaign-error" /> : null}
      {status === 'interrupted' ? (
        <div className="banner banner-warn" data-testid="interrupted-note">
          The lab process running this stopped before it finished. Resume continues exactly where it stopped: only the
          missing prompt results run, nothing is measured twice.
        </div>
      ) : null}

      {pv ? (
        <section className="panel live-panel" data-testid="campaign-live">
          <div className="panel-head">
            <h3 className="panel-title">Running</h3>
            <span className="tabular">{pv.counts}</span>
            {pv.eta ? <span className="tabular muted">{pv.eta}</span> : null}
          </div>
          <ProgressBar percent={pv.percent} label="Campaign progress" />
          <ul className="plain-list">
            {pv.devices.map((x) => (
              <li key={x.serial} className="tabular">
                <span className="mono">{x.serial}</span> <Badge tone={x.tone}>{x.state}</Badge> {x.model} · {x.counts} · {x.power} · {x.tokens} · {x.temp}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="facts-grid">
        <CampaignFacts info={c} running={running} />
        <CampaignLinks info={c} />
      </div>

      {detail.error ? <InlineError message={`Could not load the figures: ${detail.error.message}`} testId="campaign-detail-error" onRetry={detail.refetch} /> : null}
      {d?.models ? (
        <>
          <AccuracyBars models={d.models} order={order} />
          <Distributions models={d.models} order={order} kind="latency" />
          <Distributions models={d.models} order={order} kind="energy" />
          <FiguresTable models={d.models} order={order} />
        </>
      ) : null}
      {d?.subjects ? <SubjectHeatmap subjects={d.subjects} /> : null}
      {d?.timeline?.map((s) => (
        <DeviceTimeline key={s.runId} series={s} campaignId={campaignId} conditions={conditions.find((x) => x.runId === s.runId) ?? null} />
      ))}
      <ConditionsTable conditions={conditions} />
    </div>
  );
}

function CampaignFacts({ info, running }: { info: CampaignInfo; running: boolean }) {
  const rows = [
    {
      label: 'Prompt set',
      value: (
        <span data-testid="campaign-set" title={setView(info).title}>
          {setView(info).label} <span className="mono muted">{info.dataset !== setView(info).label ? info.dataset : ''}</span>
          {info.setName && info.setName !== info.dataset ? <span className="muted"> · read as {info.setName}</span> : null}
        </span>
      ),
    },
    { label: 'Sample', value: `n ${formatInt(info.n)} of ${formatInt(info.setSize)} · ${plural(info.reps, 'repetition')} · seed ${info.seed}` },
    { label: 'Warm-up', value: `${plural(info.warmup, 'prompt')} per model (discarded)` },
    { label: 'Devices', value: <span className="mono">{info.serials.join(', ')}</span> },
    { label: 'Models', value: <span className="mono" data-testid="campaign-models">{info.modelIds.join(', ')}</span> },
    { label: 'Results', value: <span data-testid="campaign-results">{`${formatInt(info.done)} of ${formatInt(info.total)} stored`}</span> },
    { label: 'Started', value: formatDateTime(info.createdAt) },
    { label: 'Finished', value: info.finishedAt ? formatDateTime(info.finishedAt) : running ? 'not yet' : MISSING },
    { label: 'Time measuring', value: formatDuration(info.durationMs) },
    { label: 'Energy', value: info.energyJ === null ? MISSING : `${info.energyJ.toFixed(3)} J gross over the stored prompts` },
    {
      label: 'Fingerprints',
      value: (
        <span className="mono break" title={`set ${info.setFingerprint}\nselection ${info.selectionFingerprint}\nfingerprint scheme ${info.fingerprintVersion}`}>
          set {info.setFingerprint.slice(0, SHORT_FINGERPRINT)} · selection {info.selectionFingerprint.slice(0, SHORT_FINGERPRINT)}
        </span>
      ),
    },
    { label: 'Prompt template', value: <span className="mono">{info.promptTemplateVersion}</span> },
  ];
  return <FactGroup title="Campaign" testId="campaign-summary" rows={rows} />;
}

/** Another campaign to put side by side with this one, and this campaign's runs (one per device). */
function CampaignLinks({ info }: { info: CampaignInfo }) {
  const list = useCampaignList(200);
  const others = (list.data ?? []).filter((c) => c.id !== info.id);
  const labels = datasetLabels([info.dataset, ...others.map((c) => c.dataset)]);
  const [compareWith, setCompareWith] = useState('');
  return (
    <section className="panel" data-testid="campaign-compare-panel">
      <h3 className="panel-title">Side by side</h3>
      <p className="muted">Compare this campaign with another: accuracy, latency and energy per model, aligned.</p>
      <div className="connect-row">
        <select className="input" value={compareWith} onChange={(e) => setCompareWith(e.target.value)} data-testid="compare-select">
          <option value="">Pick a campaign…</option>
          {others.map((c) => (
            <option key={c.id} value={c.id}>
              {formatDateTime(c.createdAt)} · {setView(c, labels).text} · n {c.n} · {c.modelIds.join(', ')}
            </option>
          ))}
        </select>
        <button type="button" className="btn" disabled={!compareWith} onClick={() => navigate(campaignCompareHref(info.id, compareWith))} data-testid="compare-go">
          Compare
        </button>
      </div>
      <h3 className="panel-title section-gap">Runs (one per device)</h3>
      <ul className="plain-list">
        {info.runIds.map((id, i) => (
          <li key={id}>
            <a href={runHref(id)} className="mono">
              {info.serials[i] ?? id.slice(0, 8)}
            </a>{' '}
            <span className="muted">every prompt with its figures and response</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
