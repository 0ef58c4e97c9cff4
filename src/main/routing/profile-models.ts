/** A profile's models: per cluster the measured errors, n, raw and smoothed error rates and intervals; costs as measured. */
import { wilson95 } from './estimate';
import type { ErrorTable } from './estimate';
import type { DeviceCosts, ProfileModel } from './profile-v2';

/** -0 written as 0 (JSON has no negative zero; the checksum must not depend on it). */
export const num = (x: number): number => (Object.is(x, -0) ? 0 : x);

/** What the models' entries are made of: the training matrix's models and measured costs. */
interface ModelsInput {
  models: ReadonlyArray<Pick<ProfileModel, 'id' | 'size_mb' | 'capabilities' | 'path' | 'context_size'>>;
  costs: ReadonlyArray<DeviceCosts & { model_id: string; device_id: string }>;
}

export function profileModels(mx: ModelsInput, table: ErrorTable, k: number): ProfileModel[] {
  const m = mx.models.length;
  const costsBy = new Map<string, Record<string, DeviceCosts>>();
  for (const c of mx.costs) {
    const rec = costsBy.get(c.model_id) ?? {};
    const dc: DeviceCosts = {};
    if (c.latency_ms !== undefined) dc.latency_ms = c.latency_ms;
    if (c.energy_j !== undefined) dc.energy_j = c.energy_j;
    if (c.decode_tok_s !== undefined) dc.decode_tok_s = c.decode_tok_s;
    if (c.peak_ram_mb !== undefined) dc.peak_ram_mb = c.peak_ram_mb;
    rec[c.device_id] = dc;
    costsBy.set(c.model_id, rec);
  }
  return mx.models.map((mm, j) => {
    const errors: number[] = [];
    const n: number[] = [];
    const raw: (number | null)[] = [];
    const est: number[] = [];
    const ci: [number, number][] = [];
    for (let c = 0; c < k; c++) {
      const e = table.errors[c * m + j]!;
      const nn = table.n[c * m + j]!;
      errors.push(e);
      n.push(nn);
      raw.push(nn > 0 ? e / nn : null);
      est.push(num(table.smoothed[c * m + j]!));
      ci.push(wilson95(e, nn));
    }
    const model: ProfileModel = {
      id: mm.id,
      size_mb: mm.size_mb,
      capabilities: [...mm.capabilities],
      error_rates: est,
      errors,
      n,
      raw_error_rates: raw,
      ci95: ci,
      overall_error_rate: table.measured[j] ? table.overall[j]! : null,
      costs: costsBy.get(mm.id) ?? {},
    };
    if (mm.path !== undefined) model.path = mm.path;
    if (mm.context_size !== undefined) model.context_size = mm.context_size;
    return model;
  });
}
