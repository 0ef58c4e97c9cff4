import { describe, expect, it } from 'vitest';
import {
  MISSING,
  fileStamp,
  formatAndroid,
  formatBytes,
  formatClock,
  formatDateTime,
  formatFixed,
  formatFraction,
  formatInt,
  formatJ,
  formatMb,
  formatMemoryMb,
  formatMs,
  formatPercent,
  formatRelative,
  formatSaving,
  formatTemp,
  formatUnit,
  formatVoltage,
  noun,
  plural,
  yesNo,
} from '../../../src/shared/format';

describe('format', () => {
  it('temperatures have one decimal', () => {
    expect(formatTemp(31.25)).toBe('31.3 °C');
    expect(formatTemp(40)).toBe('40.0 °C');
    expect(formatTemp(-2.04)).toBe('-2.0 °C');
    expect(formatTemp(null)).toBe(MISSING);
    expect(formatTemp(Number.NaN)).toBe(MISSING);
  });

  it('percentages are integers', () => {
    expect(formatPercent(79.6)).toBe('80%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(undefined)).toBe(MISSING);
  });

  it('voltage, memory and integers', () => {
    expect(formatVoltage(4012)).toBe('4.01 V');
    expect(formatMemoryMb(7812)).toBe('7.6 GB');
    expect(formatMemoryMb(512)).toBe('512 MB');
    expect(formatMemoryMb(null)).toBe(MISSING);
    expect(formatInt(12345)).toBe('12\u2009345');
    expect(formatInt(999)).toBe('999');
  });

  it('relative times', () => {
    const now = 1_000_000_000;
    expect(formatRelative(now, now)).toBe('just now');
    expect(formatRelative(now + 5000, now)).toBe('just now');
    expect(formatRelative(now - 12_400, now)).toBe('12 s ago');
    expect(formatRelative(now - 4 * 60_000, now)).toBe('4 min ago');
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatRelative(now - 3 * 86_400_000, now)).toBe('3 d ago');
    expect(formatRelative(null, now)).toBe(MISSING);
    expect(formatRelative(0, now)).toBe(MISSING);
  });

  it('dates are local and sortable', () => {
    const ms = new Date(2025, 10, 26, 9, 7, 3).getTime();
    expect(formatDateTime(ms)).toBe('2025-11-26 09:07:03');
    expect(formatClock(ms)).toBe('09:07:03');
    expect(fileStamp(ms)).toBe('20251126-090703');
    expect(formatDateTime(null)).toBe(MISSING);
  });

  it('android versions', () => {
    expect(formatAndroid('14', 34)).toBe('14 (SDK 34)');
    expect(formatAndroid('14', null)).toBe('14');
    expect(formatAndroid('', 30)).toBe('SDK 30');
    expect(formatAndroid(null, null)).toBe(MISSING);
  });

  it('yes/no', () => {
    expect(yesNo(true)).toBe('yes');
    expect(yesNo(false)).toBe('no');
    expect(yesNo(null)).toBe(MISSING);
  });

  it('bytes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GB');
    expect(formatBytes(null)).toBe(MISSING);
  });

  it('fractions and savings', () => {
    expect(formatFraction(0.625)).toBe('62.5%');
    expect(formatFraction(0.625, 0)).toBe('63%');
    expect(formatFraction(null)).toBe('—');
    expect(formatSaving(0.2883)).toBe('+28.8%');
    expect(formatSaving(-0.05)).toBe('−5.0%');
    expect(formatSaving(0)).toBe('0.0%');
    expect(formatSaving(null)).toBe('—');
  });

  it('latency, energy and size: one way each, with the unit switching at a readable point', () => {
    expect(formatMs(812.6)).toBe('813 ms');
    expect(formatMs(12_400)).toBe('12.4 s');
    expect(formatJ(0.512)).toBe('512 mJ');
    expect(formatJ(2.114)).toBe('2.11 J');
    expect(formatJ(143.2)).toBe('143 J');
    expect(formatMb(394.2)).toBe('394 MB');
    expect(formatMb(1536)).toBe('1.50 GB');
    for (const f of [formatMs, formatJ, formatMb]) expect(f(Number.NaN)).toBe(MISSING);
  });

  it('fixed decimals, with or without a unit, and plurals', () => {
    expect(formatFixed(185.713, 1)).toBe('185.7');
    expect(formatFixed(undefined, 1)).toBe(MISSING);
    expect(formatUnit(2.314, 2, 'W')).toBe('2.31 W');
    expect(formatUnit(null, 2, 'W')).toBe(MISSING);
    expect(plural(1, 'prompt')).toBe('1 prompt');
    expect(plural(3, 'prompt')).toBe('3 prompts');
    expect(plural(2, 'strategy', 'strategies')).toBe('2 strategies');
    expect(plural(0, 'prompt')).toBe('0 prompts');
    expect(plural(12_345, 'prompt')).toBe('12\u2009345 prompts');
    expect(plural(null, 'prompt')).toBe('— prompts');
    expect(noun(1, 'its', 'their')).toBe('its');
    expect(noun(2, 'its', 'their')).toBe('their');
  });
});
