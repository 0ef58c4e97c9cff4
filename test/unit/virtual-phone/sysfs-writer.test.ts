import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeviceFs } from '../../../src/main/virtual-phone/device-fs';
import { PERSONAS } from '../../../src/main/virtual-phone/personas';
import type { GaugeReading } from '../../../src/main/virtual-phone/power/power-model';
import { idleTemperatures } from '../../../src/main/virtual-phone/power/thermal-model';
import { SysfsWriter } from '../../../src/main/virtual-phone/sysfs-writer';

const dir = mkdtempSync(join(tmpdir(), 'vp-sysfs-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reading = (currentUa: number, voltageUv: number): GaugeReading => ({
  bootMs: 1000,
  intervalMs: 300,
  currentUa,
  voltageUv,
  chargeCounterUah: 3_900_000,
  capacity: 82,
  status: 'Discharging',
  tempDeciC: 274,
  charger: null,
});

describe('sysfs writer', () => {
  const fs = new DeviceFs(dir);
  const power = { temperatures: idleTemperatures(0.8), clusterFreqKhz: (min: number) => min, nowBootMs: () => 1000 };
  const writer = new SysfsWriter(fs, PERSONAS.pixel, power);
  const file = (name: string) => fs.hostPath(`/sys/class/power_supply/battery/${name}`);

  it('publishes a reading in place: the same file, the new value, nothing left of a longer old one', () => {
    writer.publish(reading(1_234_567, 4_012_345));
    expect(readFileSync(file('current_now'), 'utf8')).toBe('-1234567\n');
    expect(readFileSync(file('voltage_now'), 'utf8')).toBe('4012345\n');
    const inode = statSync(file('current_now')).ino;
    writer.publish(reading(98_765, 3_999_999));
    expect(readFileSync(file('current_now'), 'utf8'), 'shorter value: cut to its length').toBe('-98765\n');
    expect(statSync(file('current_now')).ino, 'rewritten, not replaced').toBe(inode);
    expect(readFileSync(file('voltage_now'), 'utf8')).toBe('3999999\n');
    expect(readFileSync(file('status'), 'utf8')).toBe('Discharging\n');
  });

  it('writes again a file the shell deleted or replaced', () => {
    unlinkSync(file('current_now'));
    writer.publish(reading(200_000, 4_000_000));
    expect(readFileSync(file('current_now'), 'utf8')).toBe('-200000\n');
    writeFileSync(join(dir, 'other'), '7\n');
    renameSync(join(dir, 'other'), file('current_now'));
    writer.publish(reading(300_000, 4_000_001));
    expect(readFileSync(file('current_now'), 'utf8')).toBe('-300000\n');
    writer.close();
  });
});
