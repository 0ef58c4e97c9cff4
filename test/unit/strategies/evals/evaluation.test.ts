import { describe, expect, it } from 'vitest';
import { agreement, scorePicks } from '../../../../src/main/strategies/evals/scoring';
import { aiq, apgr, cpt, deferralArea, nonDecreasingConvexHull, pgr, qnc } from '../../../../src/main/strategies/evals/curves';
import { evaluateAll } from '../../../../src/main/strategies/evals/evaluation';
import { createMatrix, setCell } from '../../../../src/main/strategies/matrix';
import { alwaysLargest, alwaysSmallest, fromPicks, measuredOracle, routerSweep } from '../../../../src/main/strategies/strategies';
import { sixByThree } from '../../../fixtures/strategies/six-by-three';

// The fixture (see its header): sizes s 100, m 300, l 600; accuracies s 2/6 (p0, p4), m 3/6 (p0, p1, p5),
// l 4/6 (p0, p1, p2, p4).

describe('pairwise figures', () => {
  it('agreement ignores prompts where either side is unavailable', () => {
    // both available at indices 0, 1, 3: equal at 0 and 1 -> 2/3
    expect(agreement(Int32Array.of(0, 1, -1, 2), Int32Array.of(0, 1, 2, 0))).toBeCloseTo(2 / 3, 12);
  });
});

describe('measured oracle', () => {
  it('picks the cheapest correct model per prompt and charges the SMALLEST when none is correct', () => {
    const m = sixByThree();
    // p0 s | p1 m | p2 l | p3 nobody correct -> s (smallest), not free | p4 s | p5 m
    const bySize = measuredOracle(m, 'size');
    expect(Array.from(bySize.picks)).toEqual([0, 1, 2, 0, 0, 1]);
    expect(bySize.meta?.unsolved).toBe(1);
    // By measured latency p4 goes to l (560 ms) rather than s (900 ms); p3 still charged to s.
    expect(Array.from(measuredOracle(m, 'latency').picks)).toEqual([0, 1, 2, 0, 2, 1]);
    expect(Array.from(measuredOracle(m, 'energy').picks)).toEqual([0, 1, 2, 0, 2, 1]);
    const s = scorePicks(m, bySize.picks);
    // size charged: 100 + 300 + 600 + 100 (p3, the smallest) + 100 + 300 = 1500 -> 250 per prompt
    expect(s.meanSizeMb).toBe(250);
    // latency charged on p3 is s's measured 130 ms, not 0: 100 + 220 + 480 + 130 + 900 + 300 = 2130
    expect(s.latencySum).toBe(2130);
  });
});

describe('evaluateAll on the 6 x 3 fixture (hand-computed)', () => {
  const m = sixByThree();
  const oracle = measuredOracle(m, 'size');
  const claude = fromPicks('claude', [0, 1, null, 2, 0, 1]);
  // Preference < .5 -> s, .5 -> the oracle's picks, 1 -> l.
  const sweep = routerSweep(6, (p, pref) => (pref < 0.5 ? 0 : pref < 1 ? (oracle.picks[p] as number) : 2), [0, 0.5, 1], 'toy');
  const table = evaluateAll(m, [alwaysLargest(m), alwaysSmallest(m), oracle, claude], { oracle, references: ['claude'], sweeps: [sweep] });
  const row = (name: string) => table.rows.find((r) => r.name === name)!;

  it('oracle row', () => {
    const r = row('oracle(size)');
    // correct at p0 p1 p2 p4 p5 = 5/6
    expect(r.accuracy).toBeCloseTo(5 / 6, 12);
    expect(r.accuracyCi95!.lo).toBeCloseTo(0.4365, 4);
    expect(r.meanSizeMb).toBe(250);
    expect(r.meanLatencyMs).toBeCloseTo(2130 / 6, 9); // 355
    expect(r.p95LatencyMs).toBeCloseTo(795, 9);
    // energy = latency / 100 -> 21.3 / 6 = 3.55
    expect(r.meanEnergyJ).toBeCloseTo(3.55, 9);
    // size: 1 - 1500 / (6 * 600) = .58333; latency: 1 - 2130 / 3000 = .29 (largest: 400+440+...+600 = 3000);
    // energy: 1 - 21.3 / 30 = .29
    expect(r.savingsVsLargest.size).toBeCloseTo(1 - 1500 / 3600, 12);
    expect(r.savingsVsLargest.latency).toBeCloseTo(0.29, 12);
    expect(r.savingsVsLargest.energy).toBeCloseTo(0.29, 12);
    // shares: s 3/6, m 2/6, l 1/6
    expect(r.share).toEqual({ s: 0.5, m: 2 / 6, l: 1 / 6 });
    expect(r.agreementWithOracle).toBe(1);
    // vs claude: both available at p0 p1 p3 p4 p5, same at p0 p1 p4 p5 -> 4/5
    expect(r.agreementWith.claude).toBeCloseTo(0.8, 12);
  });

  it('always-smallest and always-largest rows', () => {
    const s = row('always-smallest');
    expect(s.accuracy).toBeCloseTo(2 / 6, 12);
    expect(s.accuracyCi95!.hi).toBeCloseTo(0.7000, 4);
    expect(s.meanSizeMb).toBe(100);
    // latency 100+110+120+130+900+150 = 1510 -> savings 1 - 1510/3000
    expect(s.savingsVsLargest.latency).toBeCloseTo(1 - 1510 / 3000, 12);
    // agrees with the oracle at p0, p3, p4 -> 3/6
    expect(s.agreementWithOracle).toBeCloseTo(0.5, 12);
    const l = row('always-largest');
    expect(l.accuracy).toBeCloseTo(4 / 6, 12);
    expect(l.savingsVsLargest).toEqual({ size: 0, latency: 0, energy: 0 });
    expect(l.meanLatencyMs).toBe(500);
  });

  it('a strategy with an unavailable prompt (an LLM router that failed once)', () => {
    const r = row('claude');
    expect(r.unavailablePrompts).toBe(1);
    expect(r.scored).toBe(5);
    // p0 s 1, p1 m 1, p3 l 0, p4 s 1, p5 m 1 -> 4/5
    expect(r.accuracy).toBeCloseTo(0.8, 12);
    // (100 + 300 + 600 + 100 + 300) / 5 = 280; size savings 1 - 1400 / (5 * 600)
    expect(r.meanSizeMb).toBe(280);
    expect(r.savingsVsLargest.size).toBeCloseTo(1 - 1400 / 3000, 12);
    // paired latency: strategy 100+220+520+900+300 = 2040 vs largest 400+440+520+560+600 = 2520
    expect(r.savingsVsLargest.latency).toBeCloseTo(1 - 2040 / 2520, 12);
  });

  it('quality-cost curve by size: hull, AIQ, deferral area, QNC', () => {
    const c = table.curves.find((x) => x.cost === 'size')!;
    // points (100, 1/3), (250, 5/6), (600, 2/3)
    expect(c.points.map((p) => [p.cost, p.quality])).toEqual([
      [100, 2 / 6],
      [250, 5 / 6],
      [600, 4 / 6],
    ]);
    // hull: (100, 1/3) -> (250, 5/6), flat after the peak
    expect(c.hull).toEqual([
      { cost: 100, quality: 2 / 6 },
      { cost: 250, quality: 5 / 6 },
    ]);
    // AIQ over the single models' range [100, 600]: (1/3 + 5/6)/2 * 150 + 5/6 * 350 = 87.5 + 291.667 = 379.167 / 500
    expect(c.aiq).toBeCloseTo(379.1666667 / 500, 9);
    // deferral area, c_max = 600: 0 on [0, 100), 87.5 on [100, 250], (5/6 + 2/3)/2 * 350 = 262.5 -> 350 / 600
    expect(c.deferralArea).toBeCloseTo(350 / 600, 9);
    // best single: l (4/6 at 600); the cheapest point reaching 4/6 costs 250 -> 250/600
    expect(c.bestSingle).toEqual({ model: 'l', cost: 600, quality: 4 / 6 });
    expect(c.qnc).toBeCloseTo(250 / 600, 12);
    expect(c.oracle).toEqual({ cost: 250, quality: 5 / 6 });
  });

  it('PGR / APGR / CPT for the weak/strong pair (s, l)', () => {
    const p = table.pairs[0]!;
    expect([p.weak, p.strong, p.qWeak, p.qStrong]).toEqual(['s', 'l', 2 / 6, 4 / 6]);
    // strong shares 0, 1/6, 1; PGR = (q - 1/3) / (1/3): 0, 1.5, 1
    expect(p.points.map((x) => x.strongShare)).toEqual([0, 1 / 6, 1]);
    // APGR with anchors (0,0) and (1,1): (0 + 1.5)/2 * 1/6 + (1.5 + 1)/2 * 5/6 = .125 + 1.041667
    expect(p.apgr).toBeCloseTo(0.125 + 2.5 / 2 * (5 / 6), 12);
    expect(p.cpt['50%']).toBeCloseTo(1 / 6, 12);
    expect(p.cpt['80%']).toBeCloseTo(1 / 6, 12);
    // pair oracle: l only on p1, p2 (s wrong, l right) -> share 2/6, accuracy 4/6 -> PGR 1
    expect(p.oracle!.strongShare).toBeCloseTo(2 / 6, 12);
    expect(p.oracle!.pgr).toBeCloseTo(1, 12);
  });
});

describe('curve helpers', () => {
  it('convex hull drops points under the chord and is non-decreasing', () => {
    // (2, .5) lies under the chord from (1, .4) to (3, .8) (chord value .6) -> dropped; (4, .7) is past the peak.
    expect(nonDecreasingConvexHull([{ cost: 3, quality: 0.8 }, { cost: 1, quality: 0.4 }, { cost: 2, quality: 0.5 }, { cost: 4, quality: 0.7 }])).toEqual([
      { cost: 1, quality: 0.4 },
      { cost: 3, quality: 0.8 },
    ]);
  });

  it('AIQ of three single-model-like points on a concave line', () => {
    // (100, 1/3) (300, 1/2) (600, 2/3): (1/3 + 1/2)/2 * 200 + (1/2 + 2/3)/2 * 300 = 83.333 + 175 = 258.333 / 500
    const pts = [{ cost: 100, quality: 1 / 3 }, { cost: 300, quality: 1 / 2 }, { cost: 600, quality: 2 / 3 }];
    expect(aiq(pts, 100, 600)).toBeCloseTo(258.3333333 / 500, 9);
    // deferral area over [0, 600]: 258.333 / 600
    expect(deferralArea(pts, 600)).toBeCloseTo(258.3333333 / 600, 9);
    expect(qnc(pts, { cost: 600, quality: 2 / 3 })).toBe(1);
    expect(qnc(pts, { cost: 600, quality: 0.9 })).toBeNull();
  });

  it('PGR helpers', () => {
    expect(pgr(0.7, 0.5, 0.9)).toBeCloseTo(0.5, 12);
    expect(pgr(0.7, 0.5, 0.5)).toBeNull();
    // Only the anchors: the diagonal, area 1/2.
    expect(apgr([], 0.5, 0.9)).toBeCloseTo(0.5, 12);
    expect(cpt([{ strongShare: 0.3, quality: 0.7 }, { strongShare: 0.6, quality: 0.9 }], 0.5, 0.9, 0.8)).toBe(0.6);
  });
});

describe('missing cells', () => {
  it('unmeasured picks are reported, not scored', () => {
    const m = createMatrix({ device: 'd', prompts: [0, 1, 2].map((i) => ({ id: `p${i}`, text: '', subject: 'x' })), models: [{ id: 'a', size_mb: 1 }, { id: 'b', size_mb: 2 }] });
    setCell(m, 0, 0, { correct: 1, latency_ms: 10 });
    setCell(m, 1, 0, { correct: 0, latency_ms: null, simulated: true });
    // p2 / a: missing
    const s = scorePicks(m, Int32Array.of(0, 0, 0));
    expect([s.routed, s.scored, s.unmeasured, s.correct, s.latencyCells, s.simulatedCells]).toEqual([3, 2, 1, 1, 1, 1]);
    expect(s.accuracy).toBe(0.5);
  });
});
