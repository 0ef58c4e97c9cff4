/**
 * A Profile v2 text with `k` clusters (embedding dim 2, one model), written straight as text so that making it
 * costs little memory: about 44 MB at k = 10^6. For the shape-limit test and benchmark.
 */
export function hugeProfileText(k: number): string {
  const parts: string[] = [];
  parts.push('{"format":"aurora-lab-profile","version":2,"created_at":"2026-01-01T00:00:00.000Z",');
  parts.push('"embedder":{"type":"external","model":"x","dim":2,"norm":"l2"},');
  parts.push(`"clusters":{"k":${k},"algorithm":"kmeans","silhouette":null,"info":null,"centroids":[`);
  const row = '[0.1234567,-0.7654321]';
  parts.push(Array.from({ length: k }, () => row).join(','));
  parts.push(']},"models":[{"id":"m","size_mb":1,"capabilities":[],"errors":null,"n":null,"raw_error_rates":null,"overall_error_rate":null,"costs":{},');
  parts.push(`"error_rates":[${Array.from({ length: k }, () => '0.1234').join(',')}],`);
  parts.push(`"ci95":[${Array.from({ length: k }, () => '[0.10,0.20]').join(',')}]}],`);
  parts.push('"routing":{"lambda_min":0,"lambda_max":1,"default_preference":0.5,"cost_metric":{"kind":"size"}},"estimation":null,"evaluation":null,"term_dictionary":null,');
  parts.push('"provenance":{"source":"measured","run_ids":[],"devices":[],"prompt_set_fingerprint":null,"n_prompts":null,"seed":null,"options":{}},');
  parts.push(`"checksum":"sha256:${'0'.repeat(64)}"}`);
  return parts.join('');
}

/** A document nested `depth` arrays deep inside provenance.options of an otherwise ordinary profile head. */
export function deepProfileText(depth: number): string {
  return `{"format":"aurora-lab-profile","version":2,"provenance":{"options":{"notes":${'['.repeat(depth)}${']'.repeat(depth)}}}}`;
}
