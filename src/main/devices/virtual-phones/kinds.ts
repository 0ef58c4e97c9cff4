/**
 * The virtual phones the Devices page and `aurora-lab demo` offer: the Pixel and Samsung personas on the simulated
 * engine, and the arm64 phone with the real Cactus engine under qemu-aarch64 when that engine is built (and qemu
 * installed); otherwise the offer says what to run to get it.
 */
import type { VirtualEngineName, VirtualPhoneKind, VirtualVendor } from '../../../shared/api/devices';
import { realEngineBuild } from '../../runner/artifacts';
import { aarch64Command } from '../../virtual-phone/qemu-launcher';

/** Why the real-engine phone cannot run here, or null. */
export type EngineCheck = () => string | null;

export function realEngineCheck(home: string): EngineCheck {
  return () => {
    const build = realEngineBuild({ buildCacheDir: `${home}/runner-build` });
    if ('missing' in build) return build.missing;
    const qemu = aarch64Command('/bin/true', [], 'true');
    return qemu.ok ? null : `The real-engine phone runs arm64 programs: ${qemu.reason}.`;
  };
}

/** `pixel-1`-style folder names: the vendor, and `arm64` for the real-engine phone. */
export function kindName(vendor: VirtualVendor, engine: VirtualEngineName): string {
  return engine === 'cactus' ? `${vendor}-arm64` : vendor;
}

export function virtualPhoneKinds(engineProblem: string | null): VirtualPhoneKind[] {
  return [
    {
      vendor: 'pixel',
      engine: 'simulated',
      label: 'Pixel',
      description: 'A Pixel-like phone (ODPM power rails, fuel gauge in µA) on the simulated engine: every model in the catalogue runs, fast.',
      available: true,
      reason: null,
    },
    {
      vendor: 'samsung',
      engine: 'simulated',
      label: 'Samsung',
      description: 'A Galaxy-like phone (fuel gauge in mA, no ODPM rails) on the simulated engine.',
      available: true,
      reason: null,
    },
    {
      vendor: 'pixel',
      engine: 'cactus',
      label: 'Real engine (arm64)',
      description:
        'An arm64 phone that runs the real Cactus v1.14 engine under qemu-aarch64 (slow; timing and energy still simulated). ' +
        'It needs Cactus weights: profile it with a model folder (`aurora-lab profile --model-dir ID=DIR`).',
      available: engineProblem === null,
      reason: engineProblem,
    },
  ];
}
