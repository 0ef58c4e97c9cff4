/**
 * /proc/cpuinfo: one block per online core. arm64 kernels list ISA extensions on `Features`, x86 on `flags`.
 * Big.LITTLE phones may differ per cluster, so the features a program can rely on anywhere are the ones
 * every core lists (the intersection).
 */
import { ParseError } from '../errors';
import { describe, lines } from './text';

export interface CpuInfo {
  /** Online cores listed (`processor : N` lines). */
  cores: number;
  /** Features present on every core, sorted. */
  features: string[];
  /** The `Hardware` line older Qualcomm/MediaTek kernels print, else null. */
  hardware: string | null;
}

const FIELD = /^([A-Za-z][A-Za-z _]*?)\s*:\s*(.*)$/;

export function parseCpuinfo(text: string): CpuInfo {
  let cores = 0;
  const perCore: Array<Set<string>> = [];
  let hardware: string | null = null;

  for (const line of lines(text)) {
    const m = FIELD.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'processor' && /^\d+$/.test(value)) {
      cores += 1;
    } else if (key === 'features' || key === 'flags') {
      perCore.push(new Set(value.split(/\s+/).filter(Boolean)));
    } else if (key === 'hardware' && value) {
      hardware = value;
    }
  }
  if (cores === 0 && perCore.length === 0) {
    throw new ParseError('/proc/cpuinfo', `no "processor" or "Features"/"flags" lines in ${describe(text)}`);
  }
  const [first, ...others] = perCore;
  const features = [...(first ?? [])].filter((f) => others.every((set) => set.has(f)));
  return { cores, features: features.sort(), hardware };
}
