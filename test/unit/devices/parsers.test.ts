import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/main/devices/errors';
import { batteryStatusFromCode, parseDumpsysBattery } from '../../../src/main/devices/parsers/battery';
import { parseCpuinfo } from '../../../src/main/devices/parsers/cpuinfo';
import { parseGetprop } from '../../../src/main/devices/parsers/getprop';
import { memTotalMb, parseMemTotalKb } from '../../../src/main/devices/parsers/meminfo';
import { detectOdpm, parseEnergyMeter, parsePowerStatsChannels } from '../../../src/main/devices/parsers/powerstats';
import { parseSysfsInt } from '../../../src/main/devices/parsers/sysfs';
import { parseDumpsysThermal, pickSkinTemp } from '../../../src/main/devices/parsers/thermal';
import { fixture } from './fixtures';

const garbage = fixture('garbage.bin.txt');

/** No parsed number anywhere in a result may be NaN. */
function expectNoNaN(value: unknown): void {
  JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'number') expect(Number.isNaN(v)).toBe(false);
    return v;
  });
}

describe('getprop', () => {
  it('reads a Pixel dump, including a multi-line value', () => {
    const p = parseGetprop(fixture('pixel8pro.getprop.txt'));
    expect(p.get('ro.product.model')).toBe('Pixel 8 Pro');
    expect(p.get('ro.soc.model')).toBe('Tensor G3');
    expect(p.get('ro.product.cpu.abilist32')).toBe('');
    expect(p.get('persist.vendor.radio.notes')).toBe('first line\nsecond line');
    expect(p.get('persist.sys.timezone')).toBe('Europe/Berlin');
    expect(p.get('vendor.thermal.link_ready')).toBe('1');
  });

  it('reads a Samsung dump', () => {
    const p = parseGetprop(fixture('samsung-s24u.getprop.txt'));
    expect(p.get('ro.product.model')).toBe('SM-S928B');
    expect(p.get('ro.product.cpu.abilist')).toBe('arm64-v8a,armeabi-v7a,armeabi');
  });

  it('tolerates CRLF (pty output)', () => {
    expect(parseGetprop('[a.b]: [1]\r\n[c]: [x y]\r\n').get('c')).toBe('x y');
  });

  it('rejects garbage and truncated multi-line values with a typed error', () => {
    expect(() => parseGetprop(garbage)).toThrow(ParseError);
    expect(() => parseGetprop('')).toThrow(/getprop: no "\[key\]: \[value\]" lines in empty output/);
    expect(() => parseGetprop('[a]: [unterminated\nmore')).toThrow(/\[a\] never ends/);
  });
});

describe('/proc/cpuinfo', () => {
  it('reads arm64 Features and counts cores (Pixel 8 Pro, 9 cores)', () => {
    const c = parseCpuinfo(fixture('pixel8pro.cpuinfo.txt'));
    expect(c.cores).toBe(9);
    expect(c.features).toContain('asimddp');
    expect(c.features).toContain('i8mm');
    expect(c.hardware).toBeNull();
  });

  it('keeps only features every core has (Pixel 6a: no i8mm, ssbs only on big cores)', () => {
    const c = parseCpuinfo(fixture('pixel6a.cpuinfo.txt'));
    expect(c.cores).toBe(8);
    expect(c.features).toContain('asimddp');
    expect(c.features).not.toContain('i8mm');
    expect(c.features).not.toContain('ssbs');
  });

  it('reads x86 flags', () => {
    const c = parseCpuinfo(fixture('x86_64-emulator.cpuinfo.txt'));
    expect(c.cores).toBe(4);
    expect(c.features).toContain('avx2');
  });

  it('reads the Samsung 8-core layout', () => {
    expect(parseCpuinfo(fixture('samsung-s24u.cpuinfo.txt')).cores).toBe(8);
  });

  it('rejects garbage', () => {
    expect(() => parseCpuinfo(garbage)).toThrow(ParseError);
    expect(() => parseCpuinfo(garbage)).toThrow(/\/proc\/cpuinfo/);
  });
});

describe('/proc/meminfo', () => {
  it('reads MemTotal', () => {
    expect(parseMemTotalKb(fixture('pixel8pro.meminfo.txt'))).toBe(11698204);
    expect(memTotalMb(fixture('samsung-s24u.meminfo.txt'))).toBe(11045);
  });
  it('rejects garbage', () => {
    expect(() => memTotalMb(garbage)).toThrow(/Could not parse \/proc\/meminfo/);
    expect(() => memTotalMb('MemTotal: lots kB')).toThrow(ParseError);
  });
});

describe('dumpsys battery', () => {
  it('reads a Pixel charging over USB', () => {
    const b = parseDumpsysBattery(fixture('pixel8pro.battery.txt'));
    expect(b).toMatchObject({
      chargingSource: 'usb',
      status: 'charging',
      statusCode: 2,
      level: 87,
      levelPercent: 87,
      voltageMv: 4250,
      temperatureC: 29.1,
      chargeCounterUah: 4113000,
      updatesStopped: false,
      present: true,
    });
    expectNoNaN(b);
  });

  it('reads a Pixel on battery', () => {
    const b = parseDumpsysBattery(fixture('pixel8pro.battery-discharging.txt'));
    expect(b.chargingSource).toBeNull();
    expect(b.status).toBe('discharging');
    expect(b.temperatureC).toBe(30.5);
  });

  it('notes UPDATES STOPPED after `dumpsys battery unplug`', () => {
    const b = parseDumpsysBattery(fixture('pixel8pro.battery-unplugged.txt'));
    expect(b.updatesStopped).toBe(true);
    expect(b.status).toBe('not-charging');
  });

  it('reads a Samsung on AC with vendor extras', () => {
    const b = parseDumpsysBattery(fixture('samsung-s24u.battery.txt'));
    expect(b.chargingSource).toBe('ac');
    expect(b.level).toBe(76);
    expect(b.temperatureC).toBe(33.4);
    expect(b.extra['current now']).toBe('1624');
    expect(b.chargeCounterUah).toBe(3870000);
  });

  it('scales level by scale and maps every status code', () => {
    const b = parseDumpsysBattery('Current Battery Service state:\n  level: 50\n  scale: 200\n  status: 5\n  temperature: x\n');
    expect(b.levelPercent).toBe(25);
    expect(b.status).toBe('full');
    expect(b.temperatureC).toBeNull();
    expect([1, 2, 3, 4, 5, 9, null].map(batteryStatusFromCode)).toEqual([
      'unknown', 'charging', 'discharging', 'not-charging', 'full', 'unknown', 'unknown',
    ]);
  });

  it('picks a dock and wireless source', () => {
    expect(parseDumpsysBattery('  Wireless powered: true\n  level: 3\n').chargingSource).toBe('wireless');
    expect(parseDumpsysBattery('  Dock powered: true\n  level: 3\n').chargingSource).toBe('dock');
  });

  it('rejects garbage', () => {
    expect(() => parseDumpsysBattery(garbage)).toThrow(/Could not parse dumpsys battery/);
    expect(() => parseDumpsysBattery("Can't find service: battery")).toThrow(ParseError);
  });
});

describe('dumpsys thermalservice', () => {
  it('reads the Pixel HAL block, not the stale cached one', () => {
    const t = parseDumpsysThermal(fixture('pixel8pro.thermalservice.txt'));
    expect(t.status).toBe(1);
    expect(t.skinTempC).toBe(35.524); // the cached block says 45.1
    expect(t.current.map((r) => r.name)).not.toContain('TPU'); // mValue=NaN dropped
    expect(t.cached).toHaveLength(3);
    expectNoNaN(t);
  });

  it('reads the Samsung names', () => {
    const t = parseDumpsysThermal(fixture('samsung-s24u.thermalservice.txt'));
    expect(t.status).toBe(2);
    expect(t.skinTempC).toBe(41.3);
    expect(t.current.find((r) => r.name === 'BAT')?.valueC).toBe(33.4);
  });

  it('falls back to a skin-named sensor, then the hottest CPU', () => {
    expect(pickSkinTemp([{ name: 'TYPE_SKIN', type: 4, valueC: 30, status: 0 }])).toBe(30);
    expect(
      pickSkinTemp([
        { name: 'cpu0', type: 0, valueC: 50, status: 0 },
        { name: 'cpu7', type: 0, valueC: 57.5, status: 0 },
      ]),
    ).toBe(57.5);
    expect(pickSkinTemp([])).toBeNull();
  });

  it('rejects garbage', () => {
    expect(() => parseDumpsysThermal(garbage)).toThrow(/Could not parse dumpsys thermalservice/);
  });
});

describe('ODPM', () => {
  it('reads the Pixel HAL energy meter', () => {
    const m = parseEnergyMeter(fixture('pixel8pro.powerstats-hal.txt'));
    expect(m.channels).toHaveLength(11);
    expect(m.channels[0]).toEqual({
      channel: '[S2M_VDD_CPUCL2]:CPU(BIG)',
      rail: 'S2M_VDD_CPUCL2',
      subsystem: 'CPU(BIG)',
      energyMws: 30112.7,
      deltaMws: null,
    });
    // The energy consumers section ("CPUCL0 : 9871.22 mWs") is not a meter.
    expect(m.channels.map((c) => c.rail)).not.toContain('CPUCL0');
  });

  it('reads the delta form', () => {
    const m = parseEnergyMeter(fixture('pixel8pro.powerstats-hal-delta.txt'));
    expect(m.elapsedMs).toBe(1003);
    expect(m.channels[0]?.deltaMws).toBe(1.4);
  });

  it('lists channels from dumpsys powerstats', () => {
    const ch = parsePowerStatsChannels(fixture('pixel8pro.powerstats.txt'));
    expect(ch).toHaveLength(8);
    expect(ch[0]).toBe('[S2M_VDD_CPUCL2]:CPU(BIG)');
    expect(parsePowerStatsChannels(fixture('samsung-s24u.powerstats.txt'))).toEqual([]);
  });

  it('detects availability: Pixel yes, Samsung no', () => {
    const pixel = detectOdpm(fixture('pixel8pro.powerstats-hal.txt'), fixture('pixel8pro.powerstats.txt'));
    expect(pixel.available).toBe(true);
    expect(pixel.channels).toContain('[VSYS_PWR_DISPLAY]:Display');
    const fromFramework = detectOdpm(null, fixture('pixel8pro.powerstats.txt'));
    expect(fromFramework.channels).toHaveLength(8);
    const samsung = detectOdpm(fixture('samsung-s24u.powerstats-hal.txt'), fixture('samsung-s24u.powerstats.txt'));
    expect(samsung).toEqual({ available: false, channels: [] });
    expect(detectOdpm(garbage, garbage)).toEqual({ available: false, channels: [] });
  });

  it('rejects garbage with typed errors', () => {
    expect(() => parseEnergyMeter(garbage)).toThrow(ParseError);
    expect(() => parsePowerStatsChannels(garbage)).toThrow(/dumpsys powerstats/);
  });
});

describe('sysfs', () => {
  it('reads signed integers', () => {
    expect(parseSysfsInt('-1469687\n', 'current_now')).toBe(-1469687);
    expect(parseSysfsInt('412\n', 'current_now')).toBe(412);
    expect(() => parseSysfsInt('Permission denied', 'current_now')).toThrow(/Could not parse current_now/);
  });
});
