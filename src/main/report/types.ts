/**
 * What a shared report holds: plain data the `report` command (and the Run / Compare pages) gather from a campaign
 * and a comparison. Fractions are 0..1; null = not measured. Every figure carries its n and, for latency and
 * energy, the method; `simulated` marks what came from a virtual phone and the report labels each such figure.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { SimulatedLevel, StrategyChartRow } from '../../shared/charts';

export interface ReportDevice {
  serial: string;
  name?: string | null;
  model?: string | null;
  /** A virtual phone. */
  simulated: boolean;
  /** How energy was measured on it (e.g. "ODPM power rails"), or null when it has no energy meter. */
  energyMethod?: string | null;
}

export interface ReportCampaign {
  id: string;
  name?: string | null;
  /** ISO time the campaign started. */
  startedAt?: string | null;
  dataset: { name: string; prompts: number; subjects?: readonly string[]; seed?: number | null };
  repetitions: number;
  devices: readonly ReportDevice[];
  models: ReadonlyArray<{ id: string; sizeMb: number }>;
  /** Conditions as measured or set (temperature at start, screen, charging, airplane mode...), in display order. */
  conditions: ReadonlyArray<{ label: string; value: string }>;
}

/** One model on one device. */
export interface ReportModelResult {
  device: string;
  model: string;
  sizeMb: number;
  simulated: boolean;
  accuracy: { value: number | null; ci95: { lo: number; hi: number } | null; correct: number; n: number };
  latency: { meanMs: number | null; p50Ms?: number | null; p95Ms?: number | null; n: number; method: string };
  /** null when the device has no energy meter. */
  energy: { meanJ: number | null; n: number; method: string } | null;
}

export interface ReportComparisonRow extends StrategyChartRow {
  /** Scored cells came from a virtual phone. */
  simulated: boolean;
  /** A strategy that answered only part of the prompts (an external router that timed out...): why. */
  incomplete?: string | null;
}

export interface ReportComparison {
  /** The stored comparison's id, when there is one. */
  id: string | null;
  /** Device or run the rows were measured on. */
  group: string;
  costMetric: 'size' | 'latency' | 'energy';
  prompts: number;
  rows: readonly ReportComparisonRow[];
  /** Methods behind the savings columns. */
  latencyMethod: string;
  energyMethod: string | null;
  notes: readonly string[];
}

export interface ReportChart {
  /** Letters, digits, - and _: the chart's anchor and SVG id prefix. */
  id: string;
  title: string;
  option: EChartsCoreOption;
  width?: number;
  height?: number;
  caption?: string;
  /** The chart shows figures from a virtual phone (its own subtitle says so; the caption does too). */
  simulated: boolean;
}

/** Prompts with each strategy's pick (model id, or null: no pick). */
export interface ReportPrompt {
  id: string;
  subject: string;
  text: string;
  picks: Record<string, string | null>;
}

export interface ReportData {
  title: string;
  /** ISO time; given by the caller so the same data makes the same file. */
  generatedAt: string;
  labVersion?: string;
  simulated: SimulatedLevel;
  campaign: ReportCampaign;
  results: readonly ReportModelResult[];
  comparison?: ReportComparison | null;
  charts: readonly ReportChart[];
  prompts?: readonly ReportPrompt[];
  /** How many prompts the campaign had beyond the ones listed (the report lists a sample). */
  promptsNotShown?: number;
  notes: readonly string[];
}
