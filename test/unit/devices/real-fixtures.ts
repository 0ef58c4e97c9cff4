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
