/**
 * Whether a phone can run the pinned Cactus engine, judged from /proc/cpuinfo Features. Cactus v1.14's Android
 * build compiles for `armv8.2-a+fp16+simd+dotprod` and picks its i8mm kernels at run time only when the CPU
 * reports i8mm (cactus/kernel/kernel_utils.h `cpu_has_i8mm`): fp16 arithmetic (`asimdhp`) and dot product
 * (`asimddp`) are required, i8mm is optional (faster int8 kernels). A CPU without a required feature dies with
 * "Illegal instruction". Aurora virtual phones on x86_64 run the host build of the runner against the simulated
 * engine instead, so they count as supported. The verdict names the engine version it was judged for; when the
 * pinned version changes (resources/runner/CACTUS_VERSION), the rule here must be checked again.
 */
import type { CactusSupport } from '../../shared/devices';

/** The engine version the lab pins (the runner's resources/runner/CACTUS_VERSION). */
export const CACTUS_ENGINE = 'cactus/v1.14';

/** /proc/cpuinfo Features the arm64-v8a build of the pinned engine needs. */
export const CACTUS_REQUIRED_FEATURES = ['asimdhp', 'asimddp'] as const;
/** Features it uses when present. */
export const CACTUS_OPTIONAL_FEATURES = ['i8mm'] as const;

const FEATURE_NAMES: Record<string, string> = {
  asimdhp: 'fp16 arithmetic (asimdhp)',
  asimddp: 'dot product (asimddp)',
  i8mm: 'int8 matrix multiply (i8mm)',
};

export interface CactusInput {
  abi: string;
  abiList: string[];
  cpuFeatures: string[];
  virtual: boolean;
}

function verdict(supported: boolean, reason: string | null, missing: string[], optionalMissing: string[], note: string | null): CactusSupport {
  const v: CactusSupport = { supported, reason, missingFeatures: missing, engine: CACTUS_ENGINE, optionalMissing };
  if (note) v.note = note;
  return v;
}

const VIRTUAL_NOTE = `A virtual phone on x86_64 runs the host build of the runner against the simulated engine (${CACTUS_ENGINE} API).`;

export function cactusSupport({ abi, abiList, cpuFeatures, virtual }: CactusInput): CactusSupport {
  const abis = new Set([abi, ...abiList].filter(Boolean));
  if (abis.has('arm64-v8a')) {
    const have = new Set(cpuFeatures);
    const missing = CACTUS_REQUIRED_FEATURES.filter((f) => !have.has(f));
    const optionalMissing = CACTUS_OPTIONAL_FEATURES.filter((f) => !have.has(f));
    const slower =
      optionalMissing.length > 0
        ? `No ${optionalMissing.map((f) => FEATURE_NAMES[f] ?? f).join(', ')}: ${CACTUS_ENGINE} runs, with its slower int8 kernels.`
        : null;
    if (missing.length === 0) return verdict(true, null, [], [...optionalMissing], slower);
    if (virtual && abis.has('x86_64')) return verdict(true, null, [], [], VIRTUAL_NOTE);
    return verdict(
      false,
      `The CPU lacks ${missing.map((f) => FEATURE_NAMES[f] ?? f).join(' and ')}, which ${CACTUS_ENGINE} needs: its Android build ` +
        'targets ARMv8.2-A with fp16 and dot product (e.g. Snapdragon 855, Exynos 9820, Tensor G1 and newer; i8mm is optional).',
      [...missing],
      [...optionalMissing],
      null,
    );
  }
  if (abis.has('x86_64')) {
    if (virtual) return verdict(true, null, [], [], VIRTUAL_NOTE);
    return verdict(
      false,
      `This is an x86_64 device (an emulator?). ${CACTUS_ENGINE} runs on arm64-v8a phones; the lab runs x86_64 only as Aurora virtual phones.`,
      [],
      [],
      null,
    );
  }
  const reported = abis.size > 0 ? [...abis].join(', ') : 'no ABI';
  return verdict(false, `${CACTUS_ENGINE} needs a 64-bit ARM (arm64-v8a) phone; this one reports ${reported}.`, [], [], null);
}
