/** How `aurora-lab models` prints the model catalogue: one row per model id a run or a campaign takes. */
import type { Field, Table } from '../../../shared/kit/printers';
import type { ModelInfo } from '../../../shared/runs';

/** Where a real phone gets the model: cached Cactus weights, a local folder, a download, or nowhere. */
export function cactusSupport(m: ModelInfo): string {
  if (m.source === 'local') return 'local folder';
  if (m.cachedQuants.length > 0) return `weights cached (${m.cachedQuants.join(', ')})`;
  if (m.huggingFace) return 'weights not cached';
  return 'no real weights';
}

const MODEL_FIELDS: Array<Field<ModelInfo>> = [
  { name: 'id', header: 'ID', value: (m) => m.id },
  { name: 'name', header: 'NAME', value: (m) => m.name },
  { name: 'family', header: 'FAMILY', value: (m) => m.family },
  { name: 'size_mb', header: 'SIZE MB', value: (m) => m.sizeMb, numeric: true },
  { name: 'capabilities', header: 'CAPABILITIES', value: (m) => m.capabilities.join(' ') },
  { name: 'virtual_phones', header: 'VIRTUAL PHONES', value: (m) => m.simulated, text: (m) => (m.simulated ? 'simulated engine' : 'no') },
  { name: 'real_phones', header: 'REAL PHONES (CACTUS)', value: (m) => cactusSupport(m) },
  { name: 'hugging_face', header: 'WEIGHTS', value: (m) => (m.huggingFace ? `${m.huggingFace.repo}/${m.huggingFace.file}` : null) },
];

export function modelsTable(rows: ModelInfo[]): Table<ModelInfo> {
  return { fields: MODEL_FIELDS, rows };
}
