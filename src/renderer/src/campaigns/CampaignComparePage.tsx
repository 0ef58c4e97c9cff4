import { useEffect, useState } from 'react';
import type { CampaignComparison, CampaignDetail, ModelFigures } from '../../../shared/api/campaigns';
import { Badge, InlineError } from '../ui/Badge';
import { AccuracyBars } from './CampaignSections';
import { errorMessage } from '../lab/errors';
import { getLab } from '../lab/client';
import { MISSING, formatDateTime, formatInt } from '../ui/format';
import { campaignRouteHref } from '../app/routing';
import { accuracyBar, campaignStatusTone, pooledModels } from './campaign-view';

/** Two campaigns side by side, aligned by model (`campaigns.compare`). */
export function CampaignComparePage({ a, b }: { a: string; b: string }) {
  const [cmp, setCmp] = useState<CampaignComparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    getLab()
      .campaigns.compare({ a, b })
      .then(
      (c) => {
        if (cancelled) return;
        setCmp(c);
        setError(null);
      },
      (e: unknown) => {
        if (!cancelled) setError(`Could not compare the two runs: ${errorMessage(e)}`);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [a, b, attempt]);

  return (
    <div className="page" data-testid="campaign-compare">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href="#/runs">Runs</a>
        <span className="muted">
          {' '}
          / {a.slice(0, 8)} vs {b.slice(0, 8)}
        </span>
      </nav>
      <div className="page-header">
        <h1 data-testid="page-heading">Two runs side by side</h1>
      </div>
      {error ? <InlineError message={error} testId="compare-error" onRetry={() => setAttempt((n) => n + 1)} /> : null}
      {!cmp ? (
        error ? null : <div className="panel muted">Loading…</div>
      ) : (
        <>
          <div className={`banner ${cmp.samePrompts ? 'banner-info' : 'banner-warn'}`} data-testid="same-prompts" data-same={cmp.samePrompts}>
            {cmp.samePrompts
              ? 'Both runs measured the same prompts (equal selection fingerprints): differences come from the models, phones or conditions.'
              : 'The two runs measured different prompts: accuracy differences may come from the prompts as much as from the models.'}
          </div>
          <div className="compare-cols">
            <Side label="A" d={cmp.a} />
            <Side label="B" d={cmp.b} />
          </div>
          <AlignedTable cmp={cmp} />
          <div className="compare-cols">
            {cmp.a.models ? <AccuracyBars models={pooledModels(cmp.a.models, cmp.a.campaign.modelIds)} order={cmp.a.campaign.modelIds} /> : <div />}
            {cmp.b.models ? <AccuracyBars models={pooledModels(cmp.b.models, cmp.b.campaign.modelIds)} order={cmp.b.campaign.modelIds} /> : <div />}
          </div>
        </>
      )}
    </div>
  );
}

function Side({ label, d }: { label: string; d: CampaignDetail }) {
  const c = d.campaign;
  return (
    <section className="panel" data-testid={`compare-side-${label.toLowerCase()}`}>
      <h3 className="side-title">
        {label}:{' '}
        <a href={campaignRouteHref(c.id)} className="mono">
          {c.id.slice(0, 8)}
        </a>{' '}
        <Badge tone={campaignStatusTone(c.status)}>{c.status}</Badge> {c.simulated ? <span className="badge badge-virtual">simulated</span> : null}
      </h3>
      <dl className="facts">
        <div className="fact">
          <dt>Started</dt>
          <dd>{formatDateTime(c.createdAt)}</dd>
        </div>
        <div className="fact">
          <dt>Prompt set</dt>
          <dd>
            {c.setName || c.dataset} · n {formatInt(c.n)} × {c.reps} · seed <span className="mono">{c.seed}</span>
          </dd>
        </div>
        <div className="fact">
          <dt>Devices</dt>
          <dd className="mono">{c.serials.join(', ')}</dd>
        </div>
        <div className="fact">
          <dt>Results</dt>
          <dd>
            {formatInt(c.done)} of {formatInt(c.total)}
          </dd>
        </div>
        <div className="fact">
          <dt>Energy</dt>
          <dd>{c.energyJ === null ? MISSING : `${c.energyJ.toFixed(3)} J`}</dd>
        </div>
      </dl>
    </section>
  );
}

function cellOf(d: CampaignDetail, modelId: string): ModelFigures | null {
  const pooled = pooledModels(d.models ?? [], d.campaign.modelIds);
  return pooled.find((m) => m.modelId === modelId) ?? null;
}

function fmt(n: number | null | undefined, digits: number): string {
  return typeof n === 'number' && Number.isFinite(n) ? n.toFixed(digits) : MISSING;
}

function AlignedTable({ cmp }: { cmp: CampaignComparison }) {
  return (
    <section className="panel" data-testid="compare-table-panel">
      <h3 className="panel-title">Per model, A | B</h3>
      <div className="table-wrap table-scroll">
        <table className="table table-compact" data-testid="compare-table">
          <thead>
            <tr>
              <th>Model</th>
              <th className="num">Accuracy A</th>
              <th className="num">Accuracy B</th>
              <th className="num">Median TTFT ms A</th>
              <th className="num">B</th>
              <th className="num">Median decode tok/s A</th>
              <th className="num">B</th>
              <th className="num">Mean net J A</th>
              <th className="num">B</th>
              <th className="num">Net J/token A</th>
              <th className="num">B</th>
            </tr>
          </thead>
          <tbody>
            {cmp.models.map((id) => {
              const ma = cellOf(cmp.a, id);
              const mb = cellOf(cmp.b, id);
              return (
                <tr key={id} data-testid="compare-row" data-model-id={id}>
                  <td className="mono">{id}</td>
                  <td className="num" title={ma ? accuracyBar(ma).detail : 'not in A'}>
                    {ma ? accuracyBar(ma).text : 'not in A'}
                  </td>
                  <td className="num" title={mb ? accuracyBar(mb).detail : 'not in B'}>
                    {mb ? accuracyBar(mb).text : 'not in B'}
                  </td>
                  <td className="num">{fmt(ma?.ttftMs.p50, 0)}</td>
                  <td className="num">{fmt(mb?.ttftMs.p50, 0)}</td>
                  <td className="num">{fmt(ma?.decodeTps.p50, 1)}</td>
                  <td className="num">{fmt(mb?.decodeTps.p50, 1)}</td>
                  <td className="num">{fmt(ma?.meanEnergyJ, 3)}</td>
                  <td className="num">{fmt(mb?.meanEnergyJ, 3)}</td>
                  <td className="num">{fmt(ma?.energyPerOutputTokenJ, 4)}</td>
                  <td className="num">{fmt(mb?.energyPerOutputTokenJ, 4)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
