import { describe, expect, it } from 'vitest';
import { MISSING } from '../../../../src/shared/format';
import { statusTone, thermalName, thermalTone } from '../../../../src/renderer/src/ui/status';

describe('status colours', () => {
  it('thermal names come from THERMAL_STATUS_NAMES', () => {
    expect(thermalName(0)).toBe('none');
    expect(thermalName(3)).toBe('severe');
    expect(thermalName(6)).toBe('shutdown');
    expect(thermalName(9)).toBe('level 9');
    expect(thermalName(null)).toBe(MISSING);
    expect(thermalTone(1)).toBe('ok');
    expect(thermalTone(2)).toBe('warn');
    expect(thermalTone(4)).toBe('bad');
  });

  it('runs, campaigns, models and campaign devices share one tone per status word', () => {
    expect(statusTone('done')).toBe('ok');
    expect(statusTone('running')).toBe('info');
    expect(statusTone('measuring')).toBe('info');
    expect(statusTone('partial')).toBe('warn');
    expect(statusTone('interrupted')).toBe('warn');
    expect(statusTone('waiting-device')).toBe('warn');
    expect(statusTone('battery-low')).toBe('warn');
    expect(statusTone('failed')).toBe('bad');
    expect(statusTone('cancelled')).toBe('muted');
    expect(statusTone('pending')).toBe('muted');
  });
});
