/**
 * Shape limits on a 42 MB Profile v2 with 10^6 clusters: how fast and how cheaply it is refused, against what
 * parsing it costs (JSON.parse alone, the first step before the limits existed; the whole parse + validation
 * took about 8.6 s and 950 MB peak RSS then). Also the scanner's worst case: the whole document walked with the
 * limits raised so nothing stops it early, against JSON.parse of the same text (the ratio matters).
 * Run: npx tsx bench/routing/profile-limits.ts
 */
import { checkProfileShape, PROFILE_LIMITS } from '../../src/main/routing/limits';
import { parseAnyProfile } from '../../src/main/routing/seed-v1';
import { hugeProfileText } from '../../test/helpers/huge-profile';

const text = hugeProfileText(1_000_000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (b: number) => +(b / 1024 / 1024).toFixed(1);

function timed(fn: () => void, runs: number): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

let refusedMessage = '';
const refuseMs = timed(() => {
  try {
    parseAnyProfile(text);
  } catch (err) {
    refusedMessage = (err as Error).message;
  }
}, 9);

const unlimited = { ...PROFILE_LIMITS, maxClusters: 2e6, maxElements: 2e6 };
const scanMs = timed(() => checkProfileShape(text, 'profile', unlimited), 5);

let heapBefore = process.memoryUsage().heapUsed;
let kept: unknown = JSON.parse(text);
const parseHeap = process.memoryUsage().heapUsed - heapBefore;
kept = null;
void kept;
const parseMs = timed(() => {
  JSON.parse(text);
}, 3);

heapBefore = process.memoryUsage().heapUsed;
try {
  parseAnyProfile(text);
} catch {
  // refused, as measured above
}
const refuseHeap = process.memoryUsage().heapUsed - heapBefore;

console.log(
  JSON.stringify(
    {
      document_mb: mb(text.length),
      clusters: 1_000_000,
      refused_with: refusedMessage,
      refuse_ms_median: +refuseMs.toFixed(2),
      refuse_heap_growth_mb: mb(refuseHeap),
      baseline_json_parse_ms_median: +parseMs.toFixed(1),
      baseline_json_parse_heap_mb: mb(parseHeap),
      refuse_vs_json_parse_time_ratio: +(refuseMs / parseMs).toFixed(4),
      worst_case_full_scan_ms_median: +scanMs.toFixed(1),
      full_scan_vs_json_parse_time_ratio: +(scanMs / parseMs).toFixed(3),
    },
    null,
    2,
  ),
);
