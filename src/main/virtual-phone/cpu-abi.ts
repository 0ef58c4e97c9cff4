/** The ABI a virtual phone reports: the host's (it runs host programs) or an arm64 SoC's (the real-engine phone). */
import { arch } from 'node:os';

export type VirtualEngine = 'simulated' | 'cactus';

export interface CpuArch {
  abi: string;
  abilist: string;
  machine: string;
  /** The /proc/cpuinfo Features line. */
  features: string;
  /** BogoMIPS and per-core variant/revision, as the real SoC's /proc/cpuinfo has them. */
  bogomips: string;
  variant: string;
  revision: string;
}

export function hostAbi(hostArch: string = arch()): { abi: string; abilist: string; machine: string } {
  // The phone runs host binaries, so it must claim the host's ABI or the lab would push the wrong build.
  if (hostArch === 'arm64') return { abi: 'arm64-v8a', abilist: 'arm64-v8a', machine: 'aarch64' };
  if (hostArch === 'x64') return { abi: 'x86_64', abilist: 'x86_64', machine: 'x86_64' };
  return { abi: hostArch, abilist: hostArch, machine: hostArch };
}

/** The ABI the phone reports: its arm64 profile when it has one, else the host's. */
export function personaAbi(p: { cpuArch?: CpuArch | undefined }): { abi: string; abilist: string; machine: string } {
  return p.cpuArch ?? hostAbi();
}
