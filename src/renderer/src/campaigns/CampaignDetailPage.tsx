import { useEffect, useState } from 'react';
import type { CampaignDetail, CampaignInfo, CampaignProgress, CampaignSummary } from '../../../shared/api/campaigns';
import { Badge, InlineError } from '../ui/Badge';
import {
  AccuracyBars,
  ConditionsTable,
  DeviceTimeline,
  Distributions,
  FiguresTable,
  SubjectHeatmap,
} from './CampaignSections';
import { FactGroup } from '../ui/FactGroup';
import { ProgressBar } from '../ui/ProgressBar';
import { downloadText } from '../ui/download';
import { describeError, errorMessage, type ShownError } from '../lab/errors';
import { MISSING, formatDateTime, formatDuration, formatInt } from '../ui/format';
import { navigate } from '../app/useHashRoute';
import { useNow } from '../ui/useNow';
import { getLab } from '../lab/client';
import { campaignCompareHref, runHref } from '../app/routing';
import { campaignProgressView, campaignStatusHelp, campaignStatusTone, canResume, newerProgress } from './campaign-view';

export function CampaignDetailPage({ campaignId }: { campaignId: string }) {
  return <CampaignView key={campaignId} campaignId={campaignId} />;
}

type Msg = { kind: 'ok' | 'error'; text: string };

function CampaignView({ campaignId }: { campaignId: string }) {
  const now = useNow();
  const [info, setInfo] = useState<CampaignInfo | null>(null);
  const [detail, setDetail] = useState<CampaignDetail | null>(null);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [progress, setProgress] = useState<CampaignProgress | null>(null);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState<'resume' | 'cancel' | 'delete' | 'export' | null>(null);
  const [msg, setMsg] = useState<Msg | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleted, setDeleted] = useState(false);
  const [others, setOthers] = useState<CampaignSummary[]>([]);
  const [compareWith, setCompareWith] = useState('');

  useEffect(() => {
    let cancelled = false;
    const lab = getLab();
    lab.campaigns.get({ campaignId }).then(
      (i) => {
        if (cancelled) return;
        setInfo(i);
        setLoadError(null);
        const p = i.progress;
        if (p) setProgress((cur) => newerProgress(cur, p));
      },
      (e: unknown) => {
        if (!cancelled) setLoadError(describeError(e));
      },
    );
    lab.campaigns.detail({ campaignId, maxPoints: 2000 }).then(
      (d) => {
        if (cancelled) return;
        setDetail(d);
        setDetailError(null);
      },
      (e: unknown) => {
        if (!cancelled) setDetailError(`Could not load the figures: ${errorMessage(e)}`);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [campaignId, version]);

  useEffect(() => {
    let cancelled = false;
    getLab()
      .campaigns.list({ limit: 200 })
      .then(
        (list) => {
          if (!cancelled) setOthers(list.filter((c) => c.id !== campaignId));
        },
        () => {},
      );
    return () => {
      cancelled = true;
    };
  }, [campaignId]);

  // Live: progress as it comes; the figures again every few seconds while it runs and once when it ends.
  useEffect(() => {
    let last = 0;
    const off = getLab().on('campaigns.progress', (p) => {
      if (p.campaignId !== campaignId) return;
      setProgress((cur) => newerProgress(cur, p));
      const ended = p.status !== 'running';
      if (ended || Date.now() - last > 5000) {
        last = Date.now();
        setVersion((v) => v + 1);
      }
    });
    return off;
  }, [campaignId]);

  if (deleted) {
    return (
      <div className="page" data-testid="campaign-detail">
        <Crumb id={campaignId} />
        <div className="panel" data-testid="campaign-deleted">
          Run {campaignId.slice(0, 8)} and everything under it were deleted. Back to <a href="#/runs">Runs</a>.
        </div>
      </div>
    );
  }

  if (!info) {
    return (
      <div className="page" data-testid="campaign-detail">
        <Crumb id={campaignId} />
        {loadError ? (
          <InlineError
            testId="campaign-load-error"
            message={loadError.code === 'not-found' ? `The lab has no run ${campaignId}.` : loadError.message}
            onRetry={loadError.code === 'not-found' ? undefined : () => setVersion((v) => v + 1)}
          />
        ) : (
          <div className="panel muted">Loading run {campaignId.slice(0, 8)}…</div>
        )}
      </div>
    );
  }

  const status = progress && progress.at > 0 && info.status === 'running' ? progress.status : info.status;
  const running = status === 'running';
  const pv = running && progress ? campaignProgressView(progress, now) : null;
  const order = info.modelIds;

  async function act(kind: 'resume' | 'cancel') {
    setBusy(kind);
    setMsg(null);
    try {
      if (kind === 'resume') {
        const r = await getLab().campaigns.resume({ campaignId });
        setMsg({ kind: 'ok', text: `Resumed: ${formatInt(r.remaining)} prompt result(s) left to measure.` });
      } else {
        const r = await getLab().campaigns.cancel({ campaignId });
        setMsg(
          r.cancelled
            ? { kind: 'ok', text: 'Cancel requested: every device stops after the prompt in flight.' }
            : { kind: 'error', text: 'This lab is not running it.' },
        );
      }
      setVersion((v) => v + 1);
    } catch (e) {
      setMsg({ kind: 'error', text: `${kind === 'resume' ? 'Resume' : 'Cancel'} failed: ${errorMessage(e)}` });
    } finally {
      setBusy(null);
    }
  }

  async function exportAs(format: 'csv' | 'json') {
    setBusy('export');
    setMsg(null);
    try {
      const r = await getLab().campaigns.export({ campaignId, format });
      downloadText(r.text, r.fileName, format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json');
    } catch (e) {
      setMsg({ kind: 'error', text: `Export failed: ${errorMessage(e)}` });
    } finally {
      setBusy(null);
    }
  }

  async function remove() {
    setBusy('delete');
    setMsg(null);
    try {
      const r = await getLab().campaigns.delete({ campaignId });
      if (r.deleted) setDeleted(true);
      else setMsg({ kind: 'error', text: 'Nothing was deleted (it was already gone).' });
    } catch (e) {
      setMsg({ kind: 'error', text: `Delete failed: ${errorMessage(e)}` });
    } finally {
      setBusy(null);
      setConfirmDelete(false);
    }
  }

  const summaryRows = [
    { label: 'Prompt set', value: `${info.setName || info.dataset}${info.dataset !== info.setName ? ` (${info.dataset})` : ''}` },
    { label: 'Sample', value: `n ${formatInt(info.n)} of ${formatInt(info.setSize)} · ${info.reps} repetition${info.reps === 1 ? '' : 's'} · seed ${info.seed}` },
    { label: 'Warm-up', value: `${info.warmup} prompt${info.warmup === 1 ? '' : 's'} per model (discarded)` },
    { label: 'Devices', value: <span className="mono">{info.serials.join(', ')}</span> },
    { label: 'Models', value: <span className="mono" data-testid="campaign-models">{info.modelIds.join(', ')}</span> },
    { label: 'Results', value: <span data-testid="campaign-results">{`${formatInt(info.done)} of ${formatInt(info.total)} stored`}</span> },
    { label: 'Started', value: formatDateTime(info.createdAt) },
    { label: 'Finished', value: info.finishedAt ? formatDateTime(info.finishedAt) : running ? 'not yet' : MISSING },
    { label: 'Time measuring', value: formatDuration(info.durationMs) },
    { label: 'Energy', value: info.energyJ === null ? MISSING : `${info.energyJ.toFixed(3)} J gross over the stored prompts` },
    { label: 'Fingerprints', value: <span className="mono break" title={`fingerprint scheme ${info.fingerprintVersion}`}>set {info.setFingerprint.slice(0, 12)} · selection {info.selectionFingerprint.slice(0, 12)}</span> },
    { label: 'Prompt template', value: <span className="mono">{info.promptTemplateVersion}</span> },
  ];

  return (
    <div className="page" data-testid="campaign-detail" data-campaign-id={campaignId} data-status={status}>
      <Crumb id={campaignId} />
      <div className="page-header">
        <h1 data-testid="page-heading">
          Run <span className="mono">{campaignId.slice(0, 8)}</span>
        </h1>
        <Badge tone={campaignStatusTone(status)} title={campaignStatusHelp(status)} testId="campaign-status">
          {status}
        </Badge>
        <span className="tag">campaign</span>
        {info.simulated ? (
          <span className="badge badge-virtual" data-testid="simulated-badge" title="Results from virtual phones are simulated, not measured">
            simulated
          </span>
        ) : null}
        <span className="strip-spacer" />
        {canResume(status, info.ownedElsewhere) ? (
          <button type="button" className="btn btn-primary btn-small" onClick={() => void act('resume')} disabled={busy !== null} data-testid="campaign-resume">
            {busy === 'resume' ? 'Resuming…' : 'Resume'}
          </button>
        ) : null}
        {running && !info.ownedElsewhere ? (
          <button type="button" className="btn btn-danger btn-small" onClick={() => void act('cancel')} disabled={busy !== null} data-testid="campaign-cancel">
            Cancel
          </button>
        ) : null}
        <button type="button" className="btn btn-small" onClick={() => void exportAs('csv')} disabled={busy !== null} data-testid="campaign-export-csv" title="One row per prompt result (warm-ups excluded)">
          Export CSV
        </button>
        <button type="button" className="btn btn-small" onClick={() => void exportAs('json')} disabled={busy !== null} data-testid="campaign-export-json">
          Export JSON
        </button>
        <button
          type="button"
          className="btn btn-danger btn-small"
          onClick={() => setConfirmDelete(true)}
          disabled={busy !== null || running || confirmDelete}
          title={running ? 'Cancel it before deleting it' : 'Delete this run and all its results'}
          data-testid="campaign-delete"
        >
          Delete
        </button>
      </div>

      {confirmDelete ? (
        <div className="banner banner-bad confirm" role="alertdialog" aria-label="Confirm delete" data-testid="delete-confirm">
          <span>
            Delete run <span className="mono">{campaignId.slice(0, 8)}</span> with its {formatInt(info.done)} prompt results,
            power samples and per-device runs? This cannot be undone.
          </span>
          <button type="button" className="btn btn-danger btn-small" onClick={() => void remove()} disabled={busy !== null} data-testid="delete-confirm-yes">
            {busy === 'delete' ? 'Deleting…' : 'Delete'}
          </button>
          <button type="button" className="btn btn-small" onClick={() => setConfirmDelete(false)} disabled={busy !== null} data-testid="delete-confirm-no">
            Keep it
          </button>
        </div>
      ) : null}
      {msg ? (
        <div className={`action-msg action-${msg.kind}`} role="status" data-testid="campaign-action-result">
          {msg.text}
        </div>
      ) : null}
      {info.simulated ? (
        <div className="banner banner-virtual" data-testid="simulated-note">
          This run includes virtual phones: their accuracy, latencies, energy and temperatures are simulated, not measured on
          real hardware.
        </div>
      ) : null}
      {info.ownedElsewhere ? (
        <div className="banner banner-warn" data-testid="owned-elsewhere">
          Another lab process (the desktop app or a CLI) is running this run: cancel or resume it there.
        </div>
      ) : null}
      {info.error ? <InlineError message={`The run ended with an error: ${info.error}`} testId="campaign-error" /> : null}
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
          <ProgressBar percent={pv.percent} label="Run progress" />
          <ul className="plain-list">
            {pv.devices.map((d) => (
              <li key={d.serial} className="tabular">
                <span className="mono">{d.serial}</span> <Badge tone={d.tone}>{d.state}</Badge> {d.model} · {d.counts} · {d.power} · {d.tokens} · {d.temp}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="facts-grid">
        <FactGroup title="Run" testId="campaign-summary" rows={summaryRows} />
        <section className="panel" data-testid="campaign-compare-panel">
          <h3 className="panel-title">Side by side</h3>
          <p className="muted">Compare this run with another: accuracy, latency and energy per model, aligned.</p>
          <div className="connect-row">
            <select className="input" value={compareWith} onChange={(e) => setCompareWith(e.target.value)} data-testid="compare-select">
              <option value="">Pick a run…</option>
              {others.map((c) => (
                <option key={c.id} value={c.id}>
                  {formatDateTime(c.createdAt)} · {c.setName || c.dataset} n {c.n} · {c.modelIds.join(', ')}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn"
              disabled={!compareWith}
              onClick={() => navigate(campaignCompareHref(campaignId, compareWith))}
              data-testid="compare-go"
            >
              Compare
            </button>
          </div>
          <h3 className="panel-title section-gap">Per-device runs</h3>
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
      </div>

      {detailError ? <InlineError message={detailError} testId="campaign-detail-error" onRetry={() => setVersion((v) => v + 1)} /> : null}
      {detail?.models ? (
        <>
          <AccuracyBars models={detail.models} order={order} />
          <Distributions models={detail.models} order={order} kind="latency" />
          <Distributions models={detail.models} order={order} kind="energy" />
          <FiguresTable models={detail.models} order={order} />
        </>
      ) : null}
      {detail?.subjects ? <SubjectHeatmap subjects={detail.subjects} /> : null}
      {detail?.timeline?.map((s) => (
        <DeviceTimeline
          key={s.runId}
          series={s}
          campaignId={campaignId}
          conditions={(detail.conditions ?? info.conditions).find((c) => c.runId === s.runId) ?? null}
        />
      ))}
      <ConditionsTable conditions={detail?.conditions ?? info.conditions} />
    </div>
  );
}

function Crumb({ id }: { id: string }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href="#/runs">Runs</a>
      <span className="muted"> / {id.slice(0, 8)}</span>
    </nav>
  );
}
