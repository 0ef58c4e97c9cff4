/** The real-device fixtures (test/fixtures/real-devices): each file's `#SOURCE` line is split off. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REAL_DEVICES_DIR = fileURLToPath(new URL('../../fixtures/real-devices/', import.meta.url));

export type RealFolder = 'battery' | 'cpuinfo' | 'getprop' | 'thermal' | 'powerstats';

export interface RealFixture {
  folder: RealFolder;
  name: string;
  /** The #SOURCE line: where it comes from, what device. */
  source: string;
  /** The output as the phone printed it (the #SOURCE line stripped). */
  text: string;
}

export function realFixture(folder: RealFolder, name: string): RealFixture {
  const raw = readFileSync(`${REAL_DEVICES_DIR}${folder}/${name}`, 'utf8');
  const nl = raw.indexOf('\n');
  const first = raw.slice(0, nl).replace(/\r$/, '');
  if (!first.startsWith('#SOURCE:')) throw new Error(`${folder}/${name} does not start with a #SOURCE line`);
  return { folder, name, source: first, text: raw.slice(nl + 1) };
}

/** Every fixture of a folder, in name order. */
export function realFixtures(folder: RealFolder): RealFixture[] {
  return readdirSync(`${REAL_DEVICES_DIR}${folder}`)
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((n) => realFixture(folder, n));
}

/** The first `[key]: [value]` of a raw getprop text, read with a regex (so pasted columns and CRLF are covered). */
export function rawProp(text: string, key: string): string | null {
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?:^|\\s)\\[${esc}\\]: \\[([^\\]\\r\\n]*)\\]`, 'm').exec(text);
  return m ? m[1]! : null;
}

/** A `  key: value` of a raw dumpsys battery text. */
export function rawBattery(text: string, key: string): string | null {
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`^\\s+${esc}: *(.*?)\\s*$`, 'm').exec(text);
  return m ? m[1]! : null;
}

/** Hand-written from each file's Features lines, for the pinned engine (fp16 + dotprod required, i8mm optional). */
export const CACTUS_BY_CPU: Record<string, { supported: boolean; missing: string[]; optionalMissing: string[] }> = {
  'hrw-arm-socs-table-Exynos-9820.txt': { supported: true, missing: [], optionalMissing: ['i8mm'] },
  'hrw-arm-socs-table-HiSilicon-Kirin-9000s.txt': { supported: true, missing: [], optionalMissing: [] },
  'hrw-arm-socs-table-exynos-2400.txt': { supported: true, missing: [], optionalMissing: [] },
  'hrw-arm-socs-table-google-tensor-g3.txt': { supported: true, missing: [], optionalMissing: [] },
  'hrw-arm-socs-table-mediatek-dimensity-7200-pro.txt': { supported: true, missing: [], optionalMissing: [] },
  'hrw-arm-socs-table-mediatek-dimensity-9300.txt': { supported: true, missing: [], optionalMissing: [] },
  'hrw-arm-socs-table-oneplus-9pro.txt': { supported: true, missing: [], optionalMissing: ['i8mm'] },
  'hrw-arm-socs-table-snapdragon-695-sm6375.txt': { supported: true, missing: [], optionalMissing: ['i8mm'] },
  'hrw-arm-socs-table-snapdragon-8-elite.txt': { supported: true, missing: [], optionalMissing: [] },
  'hrw-arm-socs-table-snapdragon-8-gen2.txt': { supported: true, missing: [], optionalMissing: [] },
  'hrw-arm-socs-table-snapdragon-845.txt': { supported: false, missing: ['asimddp'], optionalMissing: ['i8mm'] },
  'hrw-arm-socs-table-snapdragon-865.txt': { supported: true, missing: [], optionalMissing: ['i8mm'] },
  'hrw-arm-socs-table-snapdragon-8plus-gen1.txt': { supported: true, missing: [], optionalMissing: [] },
  'hrw-arm-socs-table-unisoc-9230.txt': { supported: true, missing: [], optionalMissing: ['i8mm'] },
  'ro-adb-notes-moto-z-play-32bit-kernel.txt': { supported: false, missing: ['asimdhp', 'asimddp'], optionalMissing: ['i8mm'] },
};

/** Hand-written from each file: how the charge counter reads (0 = not reported; Galaxy Tab S5e counts 10 uAh). */
export const COUNTER_BY_BATTERY: Record<string, { usable: boolean; uahPerUnit?: number; capacityMah?: number }> = {
  'cn-adb-notes-samsung-full.txt': { usable: true, uahPerUnit: 1, capacityMah: 2845 },
  'devicelog-samsung-s20plus-usb-negative-current.txt': { usable: true, uahPerUnit: 1, capacityMah: 4251 },
  'google-syzkaller-79-pixel-c-dragon-ac.txt': { usable: false },
  'kdoc-galaxy-tab-s5e-usb-reconstructed.txt': { usable: true, uahPerUnit: 10, capacityMah: 7040 },
  'miui-battery-properties-xiaomi-android14.txt': { usable: true, uahPerUnit: 1, capacityMah: 4186 },
  'phonegrade-pixel8pro-android14.txt': { usable: true, uahPerUnit: 1, capacityMah: 4918 },
  'vr25-acc-195-oneplus7-lineage20-acc-info.txt': { usable: true, uahPerUnit: 1, capacityMah: 3700 },
};

