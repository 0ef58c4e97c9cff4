/**
 * Cost x quality curves, one point per sweep preference, and the metrics read off them:
 * - RouterBench: the non-decreasing convex hull of the points; AIQ = area under the hull over the cost range of the
 *   single models / that range.
 * - UniRoute: the deferral curve q(c) through the points (sorted by cost, linear in between, flat after the last
 *   point, 0 below the first: a router cannot spend less than its cheapest point); Area = (1/c_max) * integral
 *   from 0 to c_max of q(c), c_max = the most expensive single model's cost. QNC = the smallest point cost whose
 *   quality reaches the best single model's quality, divided by that model's cost (points only, no
 *   interpolation); null if no point reaches it.
 * - RouteLLM: PGR = (q - q_weak) / (q_strong - q_weak), over the share of prompts sent to the strong model; APGR =
 *   trapezoid area under PGR(share) on [0, 1] with the anchors (0, 0) (all weak) and (1, 1) (all strong);
 *   CPT(x) = the smallest strong-call share of a point with PGR >= x (points only).
 */

export interface CurvePoint {
  cost: number;
  quality: number;
}

/** Points sorted by cost; equal costs keep the best quality. */
function sortedUnique(points: readonly CurvePoint[]): CurvePoint[] {
  const s = points.filter((p) => Number.isFinite(p.cost) && Number.isFinite(p.quality)).slice().sort((a, b) => a.cost - b.cost || b.quality - a.quality);
  const out: CurvePoint[] = [];
  for (const p of s) if (out.length === 0 || (out.at(-1) as CurvePoint).cost !== p.cost) out.push({ cost: p.cost, quality: p.quality });
  return out;
}

/**
 * RouterBench's non-decreasing convex hull: the upper convex hull of the points from the cheapest point up to the
 * best-quality point (cheapest among equals); beyond it the curve stays flat at the best quality.
 */
export function nonDecreasingConvexHull(points: readonly CurvePoint[]): CurvePoint[] {
  const pts = sortedUnique(points);
  const hull: CurvePoint[] = [];
  for (const p of pts) {
    while (hull.length >= 2) {
      const a = hull[hull.length - 2] as CurvePoint;
      const b = hull[hull.length - 1] as CurvePoint;
      // Keep b only if it lies strictly above the segment a -> p (a right turn).
      const cross = (b.cost - a.cost) * (p.quality - a.quality) - (b.quality - a.quality) * (p.cost - a.cost);
      if (cross >= 0) hull.pop();
      else break;
    }
    hull.push(p);
  }
  let peak = 0;
  hull.forEach((p, i) => {
    if (p.quality > (hull[peak] as CurvePoint).quality) peak = i;
  });
  return hull.slice(0, peak + 1);
}

/**
 * Integral over [from, to] of the piecewise-linear curve through `curve` (sorted by cost): 0 below the first point,
 * linear between points, flat at the last point's quality after it.
 */
export function integrateCurve(curve: readonly CurvePoint[], from: number, to: number): number {
  if (curve.length === 0 || to <= from) return 0;
  // q(c) from the right of c, or from the left when `left` (only differs at the first point, where q jumps from 0).
  const q = (c: number, left: boolean): number => {
    const first = curve[0] as CurvePoint;
    if (c < first.cost || (left && c === first.cost)) return 0;
    for (let i = 1; i < curve.length; i++) {
      const a = curve[i - 1] as CurvePoint;
      const b = curve[i] as CurvePoint;
      if (c <= b.cost) return b.cost === a.cost ? b.quality : a.quality + ((c - a.cost) / (b.cost - a.cost)) * (b.quality - a.quality);
    }
    return (curve.at(-1) as CurvePoint).quality;
  };
  // Breakpoints: the interval ends and every point cost inside.
  const xs = [from, to, ...curve.map((p) => p.cost).filter((c) => c > from && c < to)].sort((a, b) => a - b);
  let area = 0;
  for (let i = 1; i < xs.length; i++) {
    const a = xs[i - 1] as number;
    const b = xs[i] as number;
    if (b <= a) continue;
    // q is linear inside each segment: trapezoid with the one-sided limits at its ends is exact.
    area += ((q(a, false) + q(b, true)) / 2) * (b - a);
  }
  return area;
}

/** RouterBench AIQ: area under the non-decreasing convex hull over [cMin, cMax], divided by (cMax - cMin). */
export function aiq(points: readonly CurvePoint[], cMin: number, cMax: number): number | null {
  const hull = nonDecreasingConvexHull(points);
  if (hull.length === 0) return null;
  if (cMax <= cMin) return (hull.at(-1) as CurvePoint).quality;
  return integrateCurve(hull, cMin, cMax) / (cMax - cMin);
}

/** UniRoute deferral curve area: (1/cMax) * integral from 0 to cMax of q(c), the curve through the points. */
export function deferralArea(points: readonly CurvePoint[], cMax: number): number | null {
  const curve = sortedUnique(points);
  if (curve.length === 0 || !(cMax > 0)) return null;
  return integrateCurve(curve, 0, cMax) / cMax;
}

/** UniRoute QNC: smallest cost of a point reaching `best.quality`, / best.cost; null if none reaches it. */
export function qnc(points: readonly CurvePoint[], best: CurvePoint): number | null {
  let c = Infinity;
  for (const p of points) if (p.quality >= best.quality - 1e-12 && p.cost < c) c = p.cost;
  return Number.isFinite(c) && best.cost > 0 ? c / best.cost : null;
}

/** RouteLLM performance gap recovered; null when strong and weak have the same quality. */
export function pgr(quality: number, qWeak: number, qStrong: number): number | null {
  return qStrong === qWeak ? null : (quality - qWeak) / (qStrong - qWeak);
}

export interface SharePoint {
  strongShare: number;
  quality: number;
}

/** RouteLLM APGR: trapezoid area under PGR(strong share) on [0, 1], anchored at (0, 0) and (1, 1). */
export function apgr(points: readonly SharePoint[], qWeak: number, qStrong: number): number | null {
  if (qStrong === qWeak) return null;
  const pts = [{ x: 0, y: 0 }, ...points.map((p) => ({ x: p.strongShare, y: pgr(p.quality, qWeak, qStrong) as number })), { x: 1, y: 1 }].sort((a, b) => a.x - b.x || a.y - b.y);
  let area = 0;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1] as { x: number; y: number };
    const b = pts[i] as { x: number; y: number };
    area += ((a.y + b.y) / 2) * (b.x - a.x);
  }
  return area;
}

/** RouteLLM CPT(x): smallest strong-call share of a point whose PGR >= x; null if none. */
export function cpt(points: readonly SharePoint[], qWeak: number, qStrong: number, x: number): number | null {
  if (qStrong === qWeak) return null;
  let best = Infinity;
  for (const p of points) {
    const g = pgr(p.quality, qWeak, qStrong) as number;
    if (g >= x - 1e-12 && p.strongShare < best) best = p.strongShare;
  }
  return Number.isFinite(best) ? best : null;
}

