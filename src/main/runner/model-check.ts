/**
 * Model ids are checked against what the lab knows (the catalogue, shipped simulated definitions, folders
 * registered with --model-dir) before anything is stored or pushed: a typo is a bad request naming the field and
 * the closest ids, never a failed run, and no id can name a folder outside the catalogue.
 */
import type { DeviceFacts } from '../../shared/devices';
import { didYouMean } from '../../shared/kit/suggest';
import { badField } from '../api/lab-error';
import { errorMessage } from '../devices/errors';
import { buildForDevice } from './artifacts';
import { listModels, resolveModel } from './models';

export function unknownModelMessage(id: string, known: readonly string[]): string {
  return `Unknown model "${id}".${didYouMean(id, known)} \`aurora-lab models\` lists the ${known.length} known ids; a local Cactus model folder is measured with --model-dir ID=DIR.`;
}

export interface ModelCheckOptions {
  home: string;
  resourcesDir?: string;
  /** The request field of model i (`model`, `models.1`). */
  field: (i: number) => string;
}

/** Every id known to the lab, or a bad request for the first that is not. */
export function checkKnownModels(ids: readonly string[], opts: ModelCheckOptions): void {
  const known = listModels(opts.home, opts.resourcesDir).map((m) => m.id);
  ids.forEach((id, i) => {
    if (!known.includes(id)) throw badField(opts.field(i), unknownModelMessage(id, known));
  });
}

/** Every id can run on this device's engine (simulated definition, cached weights, local folder), or a bad request. */
export function checkModelsFor(facts: DeviceFacts, serial: string, ids: readonly string[], opts: ModelCheckOptions): void {
  const { simulated } = buildForDevice(facts);
  ids.forEach((id, i) => {
    try {
      resolveModel(id, { home: opts.home, simulated, ...(opts.resourcesDir ? { resourcesDir: opts.resourcesDir } : {}) });
    } catch (err) {
      throw badField(opts.field(i), `${errorMessage(err)} (for ${serial})`);
    }
  });
}
