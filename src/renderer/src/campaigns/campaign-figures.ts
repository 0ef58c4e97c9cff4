/**
 * A campaign's figures as the detail page draws them: accuracy per model with its 95 % interval on a 0-100 track,
 * distributions of latency and energy on one shared scale per metric, the model × subject heatmap and the
 * per-model figures table. Pure, unit-tested in test/unit/renderer/campaigns/campaign-figures.test.ts.
 */
import type { Distribution, ModelFigures, SubjectCell } from '../../../shared/api/campaigns';
import { MISSING, formatFixed, formatFraction, formatInt, formatPercent, plural } from '../../../shared/format';
import { chanceWarning, decodeSpeedFlag, netEnergyFlag, type ChanceWarning, type Flag } from '../ui/plausibility';

// ---- Accuracy with 95 % intervals ----

export interface AccuracyBar {
  modelId: string;
  serial: string | null;
  /** 0..100, positions on a 0-100 % track. */
  value: number | null;
  lo: number | null;
  hi: number | null;
  text: string;
  detail: string;
  /** Under a random guess's accuracy: with the interval and what it means. */
  chance: ChanceWarning | null;
}

/** "41% (33-49%, 95% CI) · 82 of 200 correct · 3 unparsable". */
export function accuracyBar(m: ModelFigures): AccuracyBar {
  const value = m.accuracy === null ? null : 100 * m.accuracy;
  const lo = m.ci95 ? 100 * m.ci95[0] : null;
  const hi = m.ci95 ? 100 * m.ci95[1] : null;
  const text =
    value === null
      ? 'not scored'
      : `${formatPercent(value)}${lo !== null && hi !== null ? ` (${Math.round(lo)}–${Math.round(hi)}%, 95% CI)` : ''}`;
  const detail =
    m.scored > 0
      ? `${formatInt(m.correct)} of ${formatInt(m.scored)} correct` +
        (m.unparsable ? ` · ${formatInt(m.unparsable)} unparsable (counted wrong)` : '') +
        (m.failed ? ` · ${formatInt(m.failed)} failed` : '')
      : `${plural(m.results, 'result')}, none with an answer key`;
  const chance = chanceWarning(m.accuracy, m.ci95, m.scored);
  return { modelId: m.modelId, serial: m.serial, value, lo, hi, text, detail, chance };
}

/** Pooled figures (serial null) first in model order, then per device. */
export function pooledFirst(models: readonly ModelFigures[], order: readonly string[]): ModelFigures[] {
  const rank = (id: string) => {
    const i = order.indexOf(id);
    return i < 0 ? order.length : i;
  };
  return [...models].sort(
    (a, b) =>
      Number(a.serial !== null) - Number(b.serial !== null) ||
      rank(a.modelId) - rank(b.modelId) ||
      (a.serial ?? '').localeCompare(b.serial ?? ''),
  );
}

/** The pooled row of each model if there is one (single-device campaigns may only have per-device rows). */
export function pooledModels(models: readonly ModelFigures[], order: readonly string[]): ModelFigures[] {
  const pooled = models.filter((m) => m.serial === null);
  const devices = new Set(models.filter((m) => m.serial !== null).map((m) => m.serial));
  const rows = pooled.length ? pooled : devices.size === 1 ? models.filter((m) => m.serial !== null) : [];
  return pooledFirst(rows, order);
}

// ---- Distributions on a shared scale ----

export interface DistributionStrip {
  modelId: string;
  n: number;
  /** Positions in % of the shared scale. */
  min: number;
  p10: number;
  p50: number;
  p90: number;
  max: number;
  text: string;
  /** Why some of the quantiles shown are flagged (one line each), for the strip's tooltip. */
  flags: string[];
}

export interface StripScale {
  lo: number;
  hi: number;
}

/** One scale for all strips of a metric: 0 (or the smallest minimum if below 0) to the largest maximum. */
export function stripScale(ds: readonly Distribution[]): StripScale | null {
  const maxes = ds.map((d) => d.max).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const mins = ds.map((d) => d.min).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (!maxes.length || !mins.length) return null;
  const lo = Math.min(0, ...mins);
  const hi = Math.max(...maxes);
  return { lo, hi: hi > lo ? hi : lo + 1 };
}

/**
 * One model's strip on the shared scale. `flagOf` names values that cannot be measurements (0 tok/s, energy below
 * idle): the quantiles equal to one print its label, not the number, and the reason goes in `flags`.
 */
export function distributionStrip(
  modelId: string,
  d: Distribution,
  scale: StripScale,
  format: (v: number) => string,
  flagOf: (v: number) => Flag | null = () => null,
): DistributionStrip | null {
  if (d.n === 0 || d.min === null || d.max === null || d.p50 === null) return null;
  const pos = (v: number | null, fallback: number) => {
    const x = v ?? fallback;
    return Math.round((10_000 * (x - scale.lo)) / (scale.hi - scale.lo)) / 100;
  };
  const flags = new Set<string>();
  const show = (v: number | null) => {
    if (v === null) return MISSING;
    const f = flagOf(v);
    if (!f) return format(v);
    flags.add(f.reason);
    return `${f.label} (${format(v)})`;
  };
  const text = `median ${show(d.p50)} · p10 ${show(d.p10)} · p90 ${show(d.p90)} · n ${formatInt(d.n)}`;
  // The minimum alone being impossible still means some of the n are not measurements.
  if (flags.size === 0) {
    const f = flagOf(d.min);
    if (f) flags.add(f.reason);
  }
  return {
    modelId,
    n: d.n,
    min: pos(d.min, d.min),
    p10: pos(d.p10, d.min),
    p50: pos(d.p50, d.p50),
    p90: pos(d.p90, d.max),
    max: pos(d.max, d.max),
    text,
    flags: [...flags],
  };
}

// ---- Subject heatmap ----

export interface HeatCell {
  subject: string;
  modelId: string;
  text: string;
  title: string;
  /** CSS colour for the cell background; null when nothing was scored. */
  color: string | null;
}

/** Red (0 %) through amber to green (100 %), as an HSL colour. */
export function accuracyColor(accuracy: number): string {
  const a = Math.min(1, Math.max(0, accuracy));
  const hue = Math.round(a * 130);
  const light = Math.round(88 - a * 30);
  return `hsl(${hue}, 62%, ${light}%)`;
}

/** Rows = models, columns = subjects. */
export function heatmapRows(
  subjects: readonly string[],
  models: readonly string[],
  cells: readonly SubjectCell[],
): Array<{ modelId: string; cells: HeatCell[] }> {
  const byKey = new Map(cells.map((c) => [`${c.modelId}\u0000${c.subject}`, c]));
  return models.map((modelId) => ({
    modelId,
    cells: subjects.map((subject) => {
      const c = byKey.get(`${modelId}\u0000${subject}`);
      if (!c || c.scored === 0 || c.accuracy === null) {
        return { subject, modelId, text: MISSING, title: `${modelId} · ${subject}: nothing scored`, color: null };
      }
      return {
        subject,
        modelId,
        text: formatPercent(100 * c.accuracy),
        title: `${modelId} · ${subject.replace(/_/g, ' ')}: ${c.correct} of ${c.scored} correct`,
        color: accuracyColor(c.accuracy),
      };
    }),
  }));
}

export function subjectLabel(s: string): string {
  return s.replace(/_/g, ' ');
}

// ---- Energy and latency figures table ----

export type FigureField = 'results' | 'accuracy' | 'medianTtft' | 'medianDecode' | 'medianTotal' | 'meanNetJ' | 'meanGrossJ' | 'jPerToken';

export interface FigureRow {
  key: string;
  modelId: string;
  serial: string | null;
  results: string;
  accuracy: string;
  medianTtft: string;
  medianDecode: string;
  medianTotal: string;
  meanNetJ: string;
  meanGrossJ: string;
  jPerToken: string;
  failed: number;
  /** What each figure is: method and n, for its tooltip. */
  titles: Record<FigureField, string>;
  /** Figures that cannot be measurements, shown as their flag. */
  flags: Partial<Record<FigureField, Flag>>;
  /** What the server left out of the figures, and why (one line each; empty when nothing was). */
  excluded: string[];
}

/** The lines saying what the server kept out of a model's figures: one-token replies, flagged energy windows. */
export function excludedLines(m: ModelFigures): string[] {
  const who = `${m.modelId}${m.serial ? ` on ${m.serial}` : ''}`;
  const out: string[] = [];
  if (m.decodeExcluded > 0) {
    out.push(`${who}: ${plural(m.decodeExcluded, 'reply', 'replies')} of at most one generated token left out of decode tok/s (no decode step to time; the engine reports 0 tok/s).`);
  }
  const flagged = [
    m.belowIdle > 0 ? `${plural(m.belowIdle, 'energy window')} below the idle baseline` : null,
    m.meterGap > 0 ? `${plural(m.meterGap, 'energy window')} across a gap in the meter readings` : null,
  ].filter((x): x is string => x !== null);
  if (flagged.length) out.push(`${who}: ${flagged.join(' and ')} flagged and left out of the energy figures (not measurements; the Run page shows each reason).`);
  return out;
}

export function figureRow(m: ModelFigures): FigureRow {
  const flags: Partial<Record<FigureField, Flag>> = {};
  const decode = decodeSpeedFlag(m.decodeTps.p50);
  if (decode) flags.medianDecode = decode;
  const net = netEnergyFlag(m.meanEnergyJ, 'The mean over these prompts');
  if (net) flags.meanNetJ = net;
  const perToken = netEnergyFlag(m.energyPerOutputTokenJ, 'The sum over these prompts');
  if (perToken) flags.jPerToken = perToken;
  const oneToken =
    m.decodeExcluded > 0
      ? `; ${plural(m.decodeExcluded, 'reply', 'replies')} of at most one token left out (no decode step to time)`
      : m.decodeTps.min === 0
        ? '; includes one-token replies, which the engine reports as 0 tok/s (no decode step)'
        : '';
  const flaggedEnergy = m.belowIdle + m.meterGap;
  const energyOut = flaggedEnergy > 0 ? `; ${plural(flaggedEnergy, 'flagged window')} (below idle or across a meter gap) left out` : '';
  return {
    key: `${m.modelId}\u0000${m.serial ?? ''}`,
    modelId: m.modelId,
    serial: m.serial,
    results: formatInt(m.results),
    accuracy: m.accuracy === null ? MISSING : formatPercent(100 * m.accuracy),
    medianTtft: formatFixed(m.ttftMs.p50, 0),
    medianDecode: formatFixed(m.decodeTps.p50, 1),
    medianTotal: formatFixed(m.medianTotalMs ?? m.totalMs.p50, 0),
    meanNetJ: formatFixed(m.meanEnergyJ, 3),
    meanGrossJ: formatFixed(m.meanGrossEnergyJ, 3),
    jPerToken: formatFixed(m.energyPerOutputTokenJ, 4),
    failed: m.failed,
    titles: {
      results: `${plural(m.results, 'prompt result')} over every repetition; ${formatInt(m.scored)} with an answer key, ${formatInt(m.failed)} failed`,
      accuracy:
        m.accuracy === null
          ? 'Nothing scored'
          : `${formatInt(m.correct)} of ${plural(m.scored, 'scored prompt')} correct${m.ci95 ? `; 95% Wilson interval ${formatFraction(m.ci95[0], 0)}–${formatFraction(m.ci95[1], 0)}` : ''}`,
      medianTtft: `Median of ${plural(m.ttftMs.n, 'prompt')}: the engine’s time_to_first_token_ms`,
      medianDecode: `Median of ${plural(m.decodeTps.n, 'prompt')}: the engine’s decode_tps${oneToken}`,
      medianTotal: `Median of ${plural(m.totalMs.n, 'prompt')}: the engine’s total_time_ms`,
      meanNetJ: `Mean of ${plural(m.energyJ.n, 'prompt')}: gross energy of the prompt’s window minus the idle baseline × its duration${energyOut}`,
      meanGrossJ: `Mean over the prompts with energy: the whole phone’s energy in the prompt’s window, from the energy meter`,
      jPerToken: `Sum of net energy / sum of output tokens over ${plural(m.energyPerTokenJ.n, 'prompt')}`,
    },
    flags,
    excluded: excludedLines(m),
  };
}
