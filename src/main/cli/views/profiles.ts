/** How router profiles print: the list, one line per stored profile, and a route decision with every score. */
import type { ProfileSummary, RouteDecision } from '../../../shared/api/profiles';
import { printText, type Field, type Table } from '../../../shared/kit/printers';

const PROFILE_FIELDS: Array<Field<ProfileSummary>> = [
  { name: 'id', header: 'ID', value: (s) => s.id },
  { name: 'name', header: 'NAME', value: (s) => s.name },
  { name: 'source', header: 'SOURCE', value: (s) => s.source },
  { name: 'k', header: 'K', value: (s) => s.k, numeric: true },
  { name: 'models', header: 'MODELS', value: (s) => s.modelIds.length, numeric: true },
  { name: 'embedder', header: 'EMBEDDER', value: (s) => s.embedder.model ?? s.embedder.type },
  { name: 'created_at', header: 'CREATED', value: (s) => s.createdAt, text: (s) => new Date(s.createdAt).toISOString().slice(0, 19).replace('T', ' ') },
  { name: 'flags', header: 'FLAGS', value: (s) => `${s.simulated ? 'SIMULATED' : ''}${s.isDefault ? ' default' : ''}`.trim() },
];

export function profilesTable(rows: ProfileSummary[]): Table<ProfileSummary> {
  return { fields: PROFILE_FIELDS, rows };
}

export function summaryLine(s: ProfileSummary): string {
  return `${s.id}  ${s.name}  (K=${s.k}, ${s.modelIds.length} models, ${s.embedder.model ?? s.embedder.type}${s.simulated ? ', SIMULATED' : ''})`;
}

type Score = RouteDecision['scores'][number];

export function printDecision(d: RouteDecision, label: string): void {
  const out = process.stdout;
  const metric = d.costMetric.kind === 'size' ? 'size (MB)' : `${d.costMetric.kind} on ${d.costMetric.device}`;
  out.write(`router profile ${label}\n`);
  out.write(`cluster ${d.cluster}${d.clusterInfo.size ? ` (${d.clusterInfo.size} training prompts)` : ''}${d.clusterInfo.topTerms.length ? `; terms: ${d.clusterInfo.topTerms.slice(0, 6).join(', ')}` : ''}\n`);
  out.write(`preference ${d.preference} -> lambda ${+d.lambda.toFixed(6)}; cost metric ${metric}; embedded with ${d.embeddedWith}\n\n`);
  const fields: Array<Field<Score>> = [
    { name: 'model_id', header: 'MODEL', value: (s) => s.modelId },
    { name: 'error_rate', header: 'ERROR', value: (s) => s.errorRate, text: (s) => s.errorRate.toFixed(4), numeric: true },
    { name: 'cost', header: 'COST', value: (s) => s.cost, text: (s) => +s.cost.toFixed(3), numeric: true },
    { name: 'cost_norm', header: 'COST NORM', value: (s) => s.costNorm, text: (s) => s.costNorm.toFixed(4), numeric: true },
    { name: 'score', header: 'SCORE', value: (s) => s.score, text: (s) => (s.score === null ? 'filtered' : s.score.toFixed(4)), numeric: true },
    { name: 'pick', header: 'PICK', value: (s) => s.modelId === d.pick, text: (s) => (s.modelId === d.pick ? '<- pick' : '') },
  ];
  out.write(`${printText({ fields, rows: d.scores })}\n\npick: ${d.pick}\n`);
}
