/**
 * The virtual Pixel prints the PowerStats HAL dump as a real Pixel does (hardware/google/pixel
 * PowerStatsAidl.cpp): the plain dump has no time at all; `delta` prints `Elapsed time` since the previous delta
 * call (0 and zero deltas on the first) in each section. Read through the real adb server and the lab's parser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnergyMeter } from '../../../src/main/devices/parsers/powerstats';
import type { VirtualPhone } from '../../../src/main/virtual-phone';
import { disconnectAndClose, shell, startConnectedPhone } from './adb-cli';

const HAL = 'dumpsys android.hardware.power.stats.IPowerStats/default';
let pixel: VirtualPhone;

beforeAll(async () => {
  pixel = await startConnectedPhone({ vendor: 'pixel' });
});

afterAll(async () => {
  await disconnectAndClose(pixel);
});

/** The lines of one `============= PowerStats HAL 2.0 <name> ==============` section. */
function section(text: string, name: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(`============= PowerStats HAL 2.0 ${name} ==============`);
  const end = lines.indexOf(`========== End of PowerStats HAL 2.0 ${name} ==========`);
  expect(start, `${name} section`).toBeGreaterThanOrEqual(0);
  expect(end, `end of ${name}`).toBeGreaterThan(start);
  return lines.slice(start + 1, end);
}

describe('the virtual Pixel PowerStats HAL dump', () => {
  it('prints plain dumps without any Elapsed time, in the HAL column layout', async () => {
    const r = await shell(pixel, HAL);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('Elapsed time');
    const meter = section(r.stdout, 'energy meter');
    expect(meter[0]).toBe(`  ${'Channel'.padStart(32)}   ${'Cumulative Energy'.padStart(18)}`);
    expect(meter[1]).toMatch(/^ {2}\s*\[S2M_VDD_CPUCL2\]:CPU\(BIG\) {3}\s*\d+\.\d{2} mWs$/);
    expect(meter[1]!.indexOf(' mWs')).toBe(2 + 32 + 3 + 14);
    section(r.stdout, 'state residencies');
    section(r.stdout, 'energy consumers');
    const d = parseEnergyMeter(r.stdout);
    expect(d).toMatchObject({ kind: 'plain', elapsedMs: null });
    expect(d.channels).toHaveLength(14);
  });

  it('prints Elapsed time 0 and zero deltas on the first delta call, then the time and energy since the previous one', async () => {
    const first = await shell(pixel, `${HAL} delta`);
    for (const name of ['state residencies', 'energy meter']) expect(section(first.stdout, name)[0], name).toBe('Elapsed time: 0 ms');
    const d1 = parseEnergyMeter(first.stdout);
    expect(d1).toMatchObject({ kind: 'delta', elapsedMs: 0 });
    expect(d1.channels.every((c) => c.deltaMws === 0)).toBe(true);

    const before = pixel.power.nowBootMs();
    await new Promise((r) => setTimeout(r, 700));
    const second = await shell(pixel, `${HAL} delta`);
    const after = pixel.power.nowBootMs();
    const d2 = parseEnergyMeter(second.stdout);
    expect(d2.kind).toBe('delta');
    // The phone's own gap between the two calls: at least the wait, at most the wait plus both round trips.
    expect(d2.elapsedMs!).toBeGreaterThanOrEqual(700);
    expect(d2.elapsedMs!).toBeLessThanOrEqual(after - before + 1000);
    for (const [i, c] of d2.channels.entries()) {
      expect(c.deltaMws!, c.channel).toBeCloseTo(c.energyMws - d1.channels[i]!.energyMws, 1);
    }
    expect(d2.channels.reduce((n, c) => n + c.deltaMws!, 0)).toBeGreaterThan(0);
  });
});
