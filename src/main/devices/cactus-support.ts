/**
 * Whether a phone can run the Cactus runner. Cactus' arm64 kernels use dot-product and int8 matrix-multiply
 * instructions; a CPU without them dies with "Illegal instruction" (see shared docs: cactus.md). Aurora virtual
 * phones on x86_64 run the host build of the runner instead, so they count as supported.
 */
import type { CactusSupport } from '../../shared/devices';

/** /proc/cpuinfo Features the arm64-v8a build needs. */
export const CACTUS_ARM64_FEATURES = ['asimddp', 'i8mm'] as const;

const FEATURE_NAMES: Record<string, string> = { asimddp: 'dot product (asimddp)', i8mm: 'int8 matrix multiply (i8mm)' };

export interface CactusInput {
  abi: string;
  abiList: string[];
  cpuFeatures: string[];
  virtual: boolean;
}

export function cactusSupport({ abi, abiList, cpuFeatures, virtual }: CactusInput): CactusSupport {
  const abis = new Set([abi, ...abiList].filter(Boolean));
  if (abis.has('arm64-v8a')) {
    const have = new Set(cpuFeatures);
    const missing = CACTUS_ARM64_FEATURES.filter((f) => !have.has(f));
    if (missing.length === 0) return { supported: true, reason: null, missingFeatures: [] };
    if (virtual && abis.has('x86_64')) return { supported: true, reason: null, missingFeatures: [] };
    return {
      supported: false,
      reason:
        `The CPU lacks ${missing.map((f) => FEATURE_NAMES[f] ?? f).join(' and ')}, which Cactus' arm64 kernels ` +
        'need (ARMv8.2-A with dotprod and i8mm; e.g. Snapdragon 8 Gen 1 / Tensor G2 or newer).',
      missingFeatures: [...missing],
    };
  }
  if (abis.has('x86_64')) {
    if (virtual) return { supported: true, reason: null, missingFeatures: [] };
    return {
      supported: false,
      reason: 'This is an x86_64 device (an emulator?). The lab runs Cactus on arm64-v8a phones, and on x86_64 only for Aurora virtual phones.',
      missingFeatures: [],
    };
  }
  const reported = abis.size > 0 ? [...abis].join(', ') : 'no ABI';
  return {
    supported: false,
    reason: `Cactus needs a 64-bit ARM (arm64-v8a) phone; this one reports ${reported}.`,
    missingFeatures: [],
  };
}
