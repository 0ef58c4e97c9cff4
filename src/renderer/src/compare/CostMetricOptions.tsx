/** The `<option>`s of a cost metric choice (Compare, Settings, building a router profile): one wording everywhere. */
import type { CostMetricName } from '../../../shared/api/settings';
import { COST_METRIC_LABELS } from './compare-form';

const METRICS: readonly CostMetricName[] = ['size', 'latency', 'energy'];

export function CostMetricOptions() {
  return (
    <>
      {METRICS.map((m) => (
        <option key={m} value={m}>
          {COST_METRIC_LABELS[m]}
        </option>
      ))}
    </>
  );
}
