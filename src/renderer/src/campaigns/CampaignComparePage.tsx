/** Two campaigns side by side: what each measured, and per model accuracy, latency and energy, A next to B. */
import { setView } from './dataset-name';
import type { CampaignComparison, CampaignDetail, ModelFigures } from '../../../shared/api/campaigns';
import { campaignHref } from '../app/routing';
import { Badge, SimulatedBadge } from '../ui/Badge';
import { Breadcrumb } from '../ui/Breadcrumb';
import { MISSING, formatDateTime, formatFixed, formatInt } from '../../../shared/format';
import { InlineError } from '../ui/Messages';
import { statusTone } from '../ui/status';
import { TableBox, num } from '../ui/TableBox';
import { AccuracyBars } from './CampaignFigures';
import { accuracyBar, pooledModels } from './campaign-figures';
import { useCampaignComparison } from './hooks';
import './campaigns.css';

/** Two campaigns side by side, aligned by model (`campaigns.compare`). */
export function CampaignComparePage({ a, b }: { a: string; b: string }) {
  const cmp = useCampaignComparison(a, b);
  const c = cmp.data;
  return (
    <div className="page" data-testid="campaign-compare">
      <Breadcrumb trail={[{ label: 'Runs', href: '#/runs' }, { label: `${a.slice(0, 8)} vs ${b.slice(0, 8)}` }]} />
      <div className="page-header">
        <h1 data-testid="page-heading">Two campaigns side by side</h1>
      </div>
      {cmp.error ? <InlineError message={`Could not compare the two campaigns: ${cmp.error.message}`} testId="compare-error" onRetry={cmp.refetch} /> : null}
      {!c ? (
        cmp.error ? null : <div className="panel muted">Loading…</div>
      ) : (
        <>
          <div className={`banner ${c.samePrompts ? 'banner-info' : 'banner-warn'}`} data-testid="same-prompts" data-same={c.samePrompts}>
            {c.samePrompts
              ? 'Both campaigns measured the same prompts (equal selection fingerprints): differences come from the models, phones or conditions.'
              : 'The two campaigns measured different prompts: accuracy differences may come from the prompts as much as from the models.'}
          </div>
          <div className="compare-cols">
            <Side label="A" d={c.a} />
            <Side label="B" d={c.b} />
          </div>
          <AlignedTable cmp={c} />
          <div className="compare-cols">
            {c.a.models ? <AccuracyBars models={pooledModels(c.a.models, c.a.campaign.modelIds)} order={c.a.campaign.modelIds} /> : <div />}
            {c.b.models ? <AccuracyBars models={pooledModels(c.b.models, c.b.campaign.modelIds)} order={c.b.campaign.modelIds} /> : <div />}
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
        <a href={campaignHref(c.id)} className="mono">
          {c.id.slice(0, 8)}
        </a>{' '}
        <Badge tone={statusTone(c.status)}>{c.status}</Badge> {c.simulated ? <SimulatedBadge /> : null}
      </h3>
      <dl className="facts">
        <div className="fact">
          <dt>Started</dt>
          <dd>{formatDateTime(c.createdAt)}</dd>
        </div>
        <div className="fact">
          <dt>Prompt set</dt>
          <dd title={setView(c).title}>
            {setView(c).text} · n {formatInt(c.n)} × {c.reps} · seed <span className="mono">{c.seed}</span>
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

function AlignedTable({ cmp }: { cmp: CampaignComparison }) {
  return (
    <section className="panel" data-testid="compare-table-panel">
      <h3 className="panel-title">Per model, A | B</h3>
      <TableBox
        columns={[
          'Model', num('Accuracy A'), num('Accuracy B'), num('Median TTFT ms A'), num('B'),
          num('Median decode tok/s A'), num('B'), num('Mean net J A'), num('B'), num('Net J/token A'), num('B'),
        ]}
        testId="compare-table"
      >
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
              <td className="num">{formatFixed(ma?.ttftMs.p50, 0)}</td>
              <td className="num">{formatFixed(mb?.ttftMs.p50, 0)}</td>
              <td className="num">{formatFixed(ma?.decodeTps.p50, 1)}</td>
              <td className="num">{formatFixed(mb?.decodeTps.p50, 1)}</td>
              <td className="num">{formatFixed(ma?.meanEnergyJ, 3)}</td>
              <td className="num">{formatFixed(mb?.meanEnergyJ, 3)}</td>
              <td className="num">{formatFixed(ma?.energyPerOutputTokenJ, 4)}</td>
              <td className="num">{formatFixed(mb?.energyPerOutputTokenJ, 4)}</td>
            </tr>
          );
        })}
      </TableBox>
    </section>
  );
}
