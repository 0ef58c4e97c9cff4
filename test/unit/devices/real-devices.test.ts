/**
 * The parsers against output captured on real phones by other people (test/fixtures/real-devices, see its
 * README). Every file of every folder is read here; each parsed value is checked against the raw text with a
 * regex written in this file, or against values written by hand from reading the file.
 */
import { describe, expect, it } from 'vitest';
import { CACTUS_ENGINE, cactusSupport } from '../../../src/main/devices/cactus-support';
import { parseDumpsysBattery } from '../../../src/main/devices/parsers/battery';
import { parseCpuinfo } from '../../../src/main/devices/parsers/cpuinfo';
import { parseGetprop } from '../../../src/main/devices/parsers/getprop';
import { parsePowerStatsChannels } from '../../../src/main/devices/parsers/powerstats';
import { parseDumpsysThermal } from '../../../src/main/devices/parsers/thermal';
import { assessChargeCounter } from '../../../src/main/power/charge-counter';
import { CACTUS_BY_CPU, COUNTER_BY_BATTERY, rawBattery, rawProp, realFixture, realFixtures } from './real-fixtures';

describe('real getprop dumps', () => {
  const KEYS = ['ro.product.model', 'ro.product.manufacturer', 'ro.product.brand', 'ro.build.version.release', 'ro.build.version.sdk', 'ro.soc.model', 'ro.board.platform', 'ro.hardware', 'ro.product.cpu.abi', 'ro.product.cpu.abilist', 'ro.build.fingerprint'];

  for (const f of realFixtures('getprop')) {
    it(`${f.name}: every key the lab reads has the value printed in the dump`, () => {
      const props = parseGetprop(f.text);
      for (const key of KEYS) {
        const raw = rawProp(f.text, key);
        if (raw === null) expect(props.has(key), `${key} is not in the dump`).toBe(false);
        else expect(props.get(key), key).toBe(raw);
      }
      // Every property the dump starts (at a line start, or after column padding) is read, once per key.
      const starts = new Set([...f.text.matchAll(/(?:^|\s{2,})\[([A-Za-z0-9_.\-:@]+)\]: \[/gm)].map((m) => m[1]!));
      for (const k of starts) expect(props.has(k), k).toBe(true);
      for (const [k, v] of props) {
        expect(v, `${k} swallowed a neighbouring column`).not.toMatch(/\s{2,}\[[A-Za-z0-9_.\-:@]+\]: \[/);
        expect(v.includes('\r'), `${k} kept a CR`).toBe(false);
      }
    });
  }

  it('splits properties pasted into columns (OnePlus Ace 5 Pro, by hand from the file)', () => {
    const p = parseGetprop(realFixture('getprop', 'aspc-oneplus-ace5pro-coloros15-pasted-columns.txt').text);
    expect(p.get('ro.build.version.release_or_codename')).toBe('15');
    expect(p.get('ro.build.version.sdk')).toBe('35');
    expect(p.get('ro.soc.model')).toBe('SM8750');
    expect(p.get('ro.support_one_handed_mode')).toBe('true');
  });
});

describe('real /proc/cpuinfo files, and whether the pinned engine runs on them', () => {
  it('has a verdict written down for every file', () => {
    expect(realFixtures('cpuinfo').map((f) => f.name)).toEqual(Object.keys(CACTUS_BY_CPU).sort());
  });

  for (const f of realFixtures('cpuinfo')) {
    it(`${f.name}: cores, common features and the ${CACTUS_ENGINE} verdict`, () => {
      const c = parseCpuinfo(f.text);
      expect(c.cores).toBe([...f.text.matchAll(/^processor\s*:\s*\d+\s*$/gm)].length);
      const perCore = [...f.text.matchAll(/^Features\s*:\s*(.*)$/gm)].map((m) => new Set(m[1]!.trim().split(/\s+/)));
      const common = [...perCore[0]!].filter((x) => perCore.every((s) => s.has(x))).sort();
      expect(c.features).toEqual(common);
      const hardware = /^Hardware\s*:\s*(.+?)\s*$/m.exec(f.text)?.[1] ?? null;
      expect(c.hardware).toBe(hardware);

      const want = CACTUS_BY_CPU[f.name]!;
      const v = cactusSupport({ abi: 'arm64-v8a', abiList: ['arm64-v8a'], cpuFeatures: c.features, virtual: false });
      expect(v).toMatchObject({ supported: want.supported, missingFeatures: want.missing, optionalMissing: want.optionalMissing, engine: CACTUS_ENGINE });
      if (want.supported) expect(v.reason).toBeNull();
      for (const m of want.missing) expect(v.reason).toContain(`(${m})`);
      if (!want.supported) expect(v.reason).toContain(CACTUS_ENGINE);
    });
  }

  it('refuses the 32-bit Moto Z Play kernel by its ABI before its features', () => {
    const c = parseCpuinfo(realFixture('cpuinfo', 'ro-adb-notes-moto-z-play-32bit-kernel.txt').text);
    const v = cactusSupport({ abi: 'armeabi-v7a', abiList: ['armeabi-v7a', 'armeabi'], cpuFeatures: c.features, virtual: false });
    expect(v.supported).toBe(false);
    expect(v.reason).toMatch(/64-bit ARM \(arm64-v8a\).*armeabi-v7a/);
  });
});

describe('real dumpsys battery output', () => {
  it('has a charge-counter verdict written down for every file', () => {
    expect(realFixtures('battery').map((f) => f.name)).toEqual(Object.keys(COUNTER_BY_BATTERY).sort());
  });

  for (const f of realFixtures('battery')) {
    it(`${f.name}: level, status, charging source, temperature, voltage and charge counter`, () => {
      const b = parseDumpsysBattery(f.text);
      const int = (k: string) => {
        const v = rawBattery(f.text, k);
        return v === null ? null : Number(v);
      };
      expect(b.level).toBe(int('level'));
      expect(b.levelPercent).toBe((int('level')! * 100) / int('scale')!);
      expect(b.statusCode).toBe(int('status'));
      expect(b.temperatureC).toBe(int('temperature')! / 10);
      expect(b.voltageMv).toBe(int('voltage'));
      expect(b.chargeCounterUah).toBe(int('Charge counter'));
      const powered = (['AC', 'USB', 'Wireless', 'Dock'] as const).find((s) => rawBattery(f.text, `${s} powered`) === 'true');
      expect(b.chargingSource).toBe(powered ? powered.toLowerCase() : null);
      // Samsung's own `current now` extra is kept as the phone printed it.
      const currentNow = rawBattery(f.text, 'current now');
      expect(b.extra['current now'] ?? null).toBe(currentNow);

      const want = COUNTER_BY_BATTERY[f.name]!;
      const v = assessChargeCounter({ sysfsRaw: b.chargeCounterUah, dumpsysRaw: b.chargeCounterUah, levelPercent: b.levelPercent, designUah: null });
      expect(v.usable).toBe(want.usable);
      if (want.usable) {
        expect(v.calibration).toMatchObject({ uahPerUnit: want.uahPerUnit, raw: int('Charge counter'), impliedCapacityMah: want.capacityMah });
      } else {
        expect(v.note).toMatch(/reads 0.*not reported/);
      }
    });
  }
});

describe('real dumpsys thermalservice output', () => {
  /** The rows of one block, by regex over the raw text. */
  function rawBlock(text: string, header: RegExp): Array<{ value: number; type: number; name: string }> {
    const lines = text.split(/\r?\n/);
    const start = lines.findIndex((l) => header.test(l));
    if (start < 0) return [];
    const rows = [];
    for (const l of lines.slice(start + 1)) {
      const m = /Temperature\{mValue=([^,]+), mType=(-?\d+), mName=([^,]+),/.exec(l);
      if (!m) break;
      rows.push({ value: Number(m[1]), type: Number(m[2]), name: m[3]! });
    }
    return rows;
  }

  for (const f of realFixtures('thermal')) {
    it(`${f.name}: status, temperatures only, and the skin temperature`, () => {
      const t = parseDumpsysThermal(f.text);
      expect(t.status).toBe(Number(/Thermal Status:\s*(\d+)/.exec(f.text)![1]));
      const current = rawBlock(f.text, /Current temperatures from HAL:/);
      const temps = current.filter((r) => ![6, 7, 8].includes(r.type));
      expect(t.source).toBe('current');
      expect(t.current.map((r) => [r.name, r.valueC])).toEqual(temps.map((r) => [r.name, r.value]));
      expect(t.limits.map((r) => [r.name, r.value])).toEqual(current.filter((r) => [6, 7, 8].includes(r.type)).map((r) => [r.name, r.value]));
      for (const r of [...t.current, ...t.cached]) expect(r.valueC, r.name).toBeLessThan(150);
      expect(t.skinTempC).toBe(temps.find((r) => r.type === 3)!.value);
    });
  }

  it('keeps the Tensor Pixel current-limit rows (mType 6/7/8) out of the temperatures, with their units', () => {
    const t = parseDumpsysThermal(realFixture('thermal', 'skia-buildbot-pixel6-tensor-thermalhal2.txt').text);
    expect(t.limits).toContainEqual({ name: 'soft_ocp_gpu', type: 7, value: 8900, unit: 'mA' });
    expect(t.limits).toContainEqual({ name: 'vdroop1', type: 6, value: 1050, unit: 'mV' });
    expect(t.limits).toContainEqual({ name: 'soc', type: 8, value: 0, unit: '%' });
    expect(t.current.find((r) => r.name === 'soft_ocp_gpu')).toBeUndefined();
  });

  it('falls back to the cached HAL temperatures when the dump has no current block', () => {
    const text = realFixture('thermal', 'skia-buildbot-pixel6-tensor-thermalhal2.txt').text;
    const withoutCurrent = text.slice(0, text.indexOf('Current temperatures from HAL:'));
    const t = parseDumpsysThermal(withoutCurrent);
    const cached = rawBlock(text, /Cached temperatures:/).filter((r) => ![6, 7, 8].includes(r.type));
    expect(t.source).toBe('cached');
    expect(t.current).toEqual([]);
    expect(t.temperatures.map((r) => r.name)).toEqual(cached.map((r) => r.name));
    expect(t.skinTempC).toBe(cached.find((r) => r.type === 3)!.value);
    expect(Math.max(...t.temperatures.map((r) => r.valueC))).toBeLessThan(150);
  });
});

describe('real dumpsys powerstats output', () => {
  for (const f of realFixtures('powerstats')) {
    it(`${f.name}: every ChannelId row, named [RAIL]:SUBSYSTEM`, () => {
      const rows = [...f.text.matchAll(/ChannelId: \d+, ChannelName: (\S+), ChannelSubsystem: (.+?)\s*$/gm)].map((m) => `[${m[1]}]:${m[2]}`);
      expect(rows.length).toBeGreaterThan(0);
      expect(parsePowerStatsChannels(f.text)).toEqual(rows);
    });
  }
});
