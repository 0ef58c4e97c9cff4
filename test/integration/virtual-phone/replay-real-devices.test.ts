/**
 * Real phones' output replayed: each set below is a capture folder made of real-device fixtures (one file per
 * kind, the #SOURCE line stripped), replayed with `virtual-phone --replay` on virtual phones in this process, and
 * read by `aurora-lab devices --json` through the real adb server. The fixtures come from different phones, so a
 * set combines them; every fact is checked against the raw text of the file it comes from (or the values written
 * by hand in test/unit/devices/real-fixtures.ts). What a set lacks comes from the persona, and is not checked.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACTUS_ENGINE } from '../../../src/main/devices/cactus-support';
import { startVirtualPhone, type Vendor, type VirtualPhone } from '../../../src/main/virtual-phone';
import type { DeviceSummary } from '../../../src/shared/devices';
import { runCli } from '../../helpers/lab-process';
import { tempDir } from '../../helpers/temp-dir';
import { CACTUS_BY_CPU, COUNTER_BY_BATTERY, rawBattery, rawProp, realFixture, realFixtures } from '../../unit/devices/real-fixtures';
import { adb, disconnectAndClose } from './adb-cli';

interface FixtureSet {
  label: string;
  getprop: string;
  cpuinfo: string;
  battery?: string;
  thermal?: string;
  powerstats?: string;
  /** The persona for what the set lacks (default: from the captured manufacturer). */
  vendor?: Vendor;
}

const SETS: FixtureSet[] = [
  // The Samsung persona has no PowerStats HAL, so ODPM channels can only come from the captured dumpsys powerstats.
  { label: 'tensor-pixel', getprop: 'aspc-pixel6-android15.txt', cpuinfo: 'hrw-arm-socs-table-google-tensor-g3.txt', battery: 'phonegrade-pixel8pro-android14.txt', thermal: 'skia-buildbot-pixel6-tensor-thermalhal2.txt', powerstats: 'androidx-powerrail-kdoc-pixel6-dumpsys-powerstats.txt', vendor: 'samsung' },
  { label: 'oneplus-13t', getprop: 'aspc-oneplus13t-coloros16.txt', cpuinfo: 'hrw-arm-socs-table-snapdragon-8-elite.txt', battery: 'vr25-acc-195-oneplus7-lineage20-acc-info.txt' },
  { label: 'oneplus-ace5pro', getprop: 'aspc-oneplus-ace5pro-coloros15-pasted-columns.txt', cpuinfo: 'hrw-arm-socs-table-oneplus-9pro.txt' },
  { label: 'moto-g84', getprop: 'aspc-moto-g84-lineage23.txt', cpuinfo: 'hrw-arm-socs-table-snapdragon-695-sm6375.txt' },
  { label: 'galaxy-a55', getprop: 'aspc-galaxy-a55-oneui7.txt', cpuinfo: 'hrw-arm-socs-table-exynos-2400.txt', battery: 'cn-adb-notes-samsung-full.txt', thermal: 'heat-ts-galaxy-s24plus-samsung-reading.txt' },
  { label: 'galaxy-s8', getprop: 'aspc-galaxy-s8-oneui1-crlf.txt', cpuinfo: 'hrw-arm-socs-table-snapdragon-845.txt', battery: 'devicelog-samsung-s20plus-usb-negative-current.txt' },
  { label: 'huawei-mate70', getprop: 'aspc-huawei-mate70proplus-harmonynext.txt', cpuinfo: 'hrw-arm-socs-table-HiSilicon-Kirin-9000s.txt' },
  { label: 'oppo-findx8', getprop: 'aspc-oppo-findx8pro-coloros15.txt', cpuinfo: 'hrw-arm-socs-table-mediatek-dimensity-9300.txt' },
  { label: 'redmi-k50', getprop: 'aspc-redmi-k50pro-hyperos2-crlf.txt', cpuinfo: 'hrw-arm-socs-table-mediatek-dimensity-7200-pro.txt', battery: 'miui-battery-properties-xiaomi-android14.txt' },
  { label: 'xiaomi-14', getprop: 'aspc-xiaomi14-hyperos2-crlf.txt', cpuinfo: 'hrw-arm-socs-table-snapdragon-8-gen2.txt', battery: 'kdoc-galaxy-tab-s5e-usb-reconstructed.txt' },
  { label: 'exynos-9820', getprop: 'aspc-pixel6-android15.txt', cpuinfo: 'hrw-arm-socs-table-Exynos-9820.txt', battery: 'google-syzkaller-79-pixel-c-dragon-ac.txt' },
  { label: 'snapdragon-865', getprop: 'aspc-oneplus13t-coloros16.txt', cpuinfo: 'hrw-arm-socs-table-snapdragon-865.txt' },
  { label: 'snapdragon-8plus-gen1', getprop: 'aspc-galaxy-a55-oneui7.txt', cpuinfo: 'hrw-arm-socs-table-snapdragon-8plus-gen1.txt' },
  { label: 'unisoc-9230', getprop: 'aspc-moto-g84-lineage23.txt', cpuinfo: 'hrw-arm-socs-table-unisoc-9230.txt' },
  { label: 'moto-z-play-32bit', getprop: 'aspc-moto-g84-lineage23.txt', cpuinfo: 'ro-adb-notes-moto-z-play-32bit-kernel.txt' },
];

const dirs = tempDir('aurora-replay-real-');
const phones = new Map<string, VirtualPhone>();
let listed: DeviceSummary[] = [];

function writeSet(set: FixtureSet): string {
  const dir = join(dirs.path, set.label);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'getprop.txt'), realFixture('getprop', set.getprop).text);
  writeFileSync(join(dir, 'proc-cpuinfo.txt'), realFixture('cpuinfo', set.cpuinfo).text);
  if (set.battery) writeFileSync(join(dir, 'dumpsys-battery.txt'), realFixture('battery', set.battery).text);
  if (set.thermal) writeFileSync(join(dir, 'dumpsys-thermalservice.txt'), realFixture('thermal', set.thermal).text);
  if (set.powerstats) writeFileSync(join(dir, 'dumpsys-powerstats.txt'), realFixture('powerstats', set.powerstats).text);
  return dir;
}

beforeAll(async () => {
  for (const set of SETS) {
    const replay = writeSet(set);
    const maker = rawProp(realFixture('getprop', set.getprop).text, 'ro.product.manufacturer') ?? '';
    const vendor = set.vendor ?? (/^samsung$/i.test(maker) ? 'samsung' : 'pixel');
    const phone = await startVirtualPhone({ port: 0, vendor, stateDir: join(dirs.path, `state-${set.label}`), replay });
    phones.set(set.label, phone);
    const c = await adb(['connect', phone.address]);
    if (!c.stdout.includes('connected to')) throw new Error(`adb connect ${phone.address}: ${c.stdout}${c.stderr}`);
  }
  const r = await runCli(['--home', join(dirs.path, 'home'), 'devices', '--json', '--wait-ms', '90000'], {}, 150_000);
  if (r.code !== 0) throw new Error(`aurora-lab devices --json failed (${r.code}): ${r.stderr}`);
  listed = JSON.parse(r.stdout) as DeviceSummary[];
}, 240_000);

afterAll(async () => {
  await disconnectAndClose(...phones.values());
  dirs.cleanup();
});

const STATUS: Record<string, string> = { '2': 'charging', '3': 'discharging', '4': 'not-charging', '5': 'full' };

describe('replaying real phones (aurora-lab devices --json)', () => {
  it('covers every fixture file of every folder', () => {
    for (const folder of ['getprop', 'cpuinfo', 'battery', 'thermal', 'powerstats'] as const) {
      const used = new Set(SETS.map((s) => s[folder]).filter(Boolean));
      expect([...used].sort(), folder).toEqual(realFixtures(folder).map((f) => f.name));
    }
  });

  for (const set of SETS) {
    it(`${set.label}: model, SoC, Android version, battery, temperature, thermal status and Cactus as the phones printed them`, () => {
      const d = listed.find((x) => x.serial === phones.get(set.label)!.address);
      expect(d, `${set.label} is listed`).toBeDefined();
      expect(d!.error).toBeNull();
      const f = d!.facts!;
      const s = d!.status!;
      expect(f).not.toBeNull();
      expect(s).not.toBeNull();
      expect(d!.virtual).toBe(true);

      const gp = realFixture('getprop', set.getprop).text;
      const prop = (k: string) => rawProp(gp, k) || null;
      expect(f.model).toBe(prop('ro.product.model'));
      expect(f.manufacturer).toBe(prop('ro.product.manufacturer'));
      expect(f.soc).toBe(prop('ro.soc.model') ?? prop('ro.board.platform') ?? prop('ro.hardware'));
      expect(f.androidRelease).toBe(prop('ro.build.version.release_or_codename') ?? prop('ro.build.version.release'));
      expect(f.sdk).toBe(Number(prop('ro.build.version.sdk')));
      expect(f.abi).toBe(prop('ro.product.cpu.abi'));

      const cpu = realFixture('cpuinfo', set.cpuinfo).text;
      expect(f.cpuCores).toBe([...cpu.matchAll(/^processor\s*:\s*\d+\s*$/gm)].length);
      const want = CACTUS_BY_CPU[set.cpuinfo]!;
      expect(f.cactus).toMatchObject({ supported: want.supported, missingFeatures: want.missing, engine: CACTUS_ENGINE });

      if (set.battery) {
        const b = realFixture('battery', set.battery).text;
        expect(s.batteryLevel).toBe((Number(rawBattery(b, 'level')) * 100) / Number(rawBattery(b, 'scale')));
        expect(s.batteryStatus).toBe(STATUS[rawBattery(b, 'status')!]);
        const powered = (['AC', 'USB', 'Wireless', 'Dock'] as const).find((k) => rawBattery(b, `${k} powered`) === 'true');
        expect(s.chargingSource).toBe(powered ? powered.toLowerCase() : null);
        expect(s.batteryTempC).toBe(Number(rawBattery(b, 'temperature')) / 10);
        expect(s.batteryVoltageMv).toBe(Number(rawBattery(b, 'voltage')));
        const counter = COUNTER_BY_BATTERY[set.battery]!;
        expect(f.energySources.chargeCounter).toBe(counter.usable);
        if (counter.usable) expect(f.energySources.chargeCounterCalibration?.uahPerUnit).toBe(counter.uahPerUnit);
        else expect(f.energySources.chargeCounterNote).toMatch(/not reported/);
      }
      if (set.thermal) {
        const t = realFixture('thermal', set.thermal).text;
        expect(s.thermalStatus).toBe(Number(/Thermal Status:\s*(\d+)/.exec(t)![1]));
        const current = t.slice(t.indexOf('Current temperatures from HAL:'));
        expect(s.skinTempC).toBe(Number(/Temperature\{mValue=([\d.]+), mType=3,/.exec(current)![1]));
      }
      if (set.powerstats) {
        const p = realFixture('powerstats', set.powerstats).text;
        const channels = [...p.matchAll(/ChannelName: (\S+), ChannelSubsystem: (.+?)\s*$/gm)].map((m) => `[${m[1]}]:${m[2]}`);
        expect(f.energySources).toMatchObject({ odpm: true, odpmChannels: channels });
      }
    });
  }
});
