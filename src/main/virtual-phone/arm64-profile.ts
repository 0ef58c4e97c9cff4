/**
 * The arm64 virtual phone (`virtual-phone --engine cactus`): a persona whose CPU is arm64 whatever the host is, so
 * the lab pushes it what it pushes to a phone (the aarch64 runner and the real Cactus engine), which the launcher
 * runs under qemu-aarch64 (qemu-launcher.ts). Its /proc/cpuinfo Features are those of the real SoC the persona
 * names, as its /proc/cpuinfo reports them (../shared/fixtures/real-devices/cpuinfo, hrw/arm-socs-table): the
 * features Cactus needs (fp16 asimdhp, dot product asimddp, and i8mm) are there, as on the phone itself.
 */
import type { CpuArch, VirtualEngine } from './cpu-abi';
import type { Persona, Vendor } from './personas';

export type { CpuArch, VirtualEngine } from './cpu-abi';
export { personaAbi } from './cpu-abi';


/** Pixel 8 Pro, Google Tensor G3 (hrw-arm-socs-table-google-tensor-g3.txt). */
const TENSOR_G3: CpuArch = {
  abi: 'arm64-v8a',
  abilist: 'arm64-v8a',
  machine: 'aarch64',
  features:
    'fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt fcma lrcpc dcpop sha3 sm3 sm4 asimddp sha512 sve ' +
    'asimdfhm dit uscat ilrcpc flagm ssbs sb paca pacg dcpodp sve2 sveaes svepmull svebitperm svesha3 svesm4 flagm2 frint svei8mm svebf16 i8mm bti mte mte3',
  bogomips: '49.15',
  variant: '0x1',
  revision: '1',
};

/** Galaxy S25-class Snapdragon 8 Elite, SM8750 (hrw-arm-socs-table-snapdragon-8-elite.txt). */
const SNAPDRAGON_8_ELITE: CpuArch = {
  abi: 'arm64-v8a',
  abilist: 'arm64-v8a',
  machine: 'aarch64',
  features:
    'fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt fcma lrcpc dcpop sha3 sm3 sm4 asimddp sha512 ' +
    'asimdfhm dit uscat ilrcpc flagm ssbs sb paca pacg dcpodp flagm2 frint i8mm bf16 rng bti ecv afp rpres',
  bogomips: '38.40',
  variant: '0x4',
  revision: '4',
};

const ARM64_CPUS: Record<Vendor, CpuArch> = { pixel: TENSOR_G3, samsung: SNAPDRAGON_8_ELITE };

/** The persona for an engine: the simulated engine runs host programs (host ABI); the real one runs arm64. */
export function personaForEngine(p: Persona, engine: VirtualEngine = 'simulated'): Persona {
  return engine === 'cactus' ? { ...p, cpuArch: ARM64_CPUS[p.vendor], engine: 'cactus' } : p;
}
