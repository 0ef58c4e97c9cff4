import { closeSync, constants, fstatSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DeviceFs } from './device-fs';
import type { Persona } from './personas';
import { personaAbi } from './arm64-profile';
import { cpuCount } from './personas';
import type { GaugeReading, PowerSource } from './power/power-model';

/** Files another writer owns (a replay of a captured phone), as plain data so the power clock's thread gets them too. */
export interface OwnedFiles {
  paths: string[];
  prefixes: string[];
}

const BAT = '/sys/class/power_supply/battery';

/** current_now as the vendor's driver reports it: Pixel uA negative on discharge, Samsung mA positive. */
export function vendorCurrentNow(persona: Persona, currentUa: number): number {
  const signed = persona.currentPositiveWhenDischarging ? currentUa : -currentUa;
  return persona.currentUnit === 'mA' ? Math.round(signed / 1000) : signed;
}

function clusterOfCpu(persona: Persona, cpu: number) {
  let n = 0;
  for (const c of persona.clusters) {
    n += c.cores;
    if (cpu < n) return c;
  }
  return persona.clusters[persona.clusters.length - 1]!;
}

function hostCpuinfoBlock(): string[] {
  try {
    const text = readFileSync('/proc/cpuinfo', 'utf8');
    return (text.split(/\n\s*\n/)[0] ?? '').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

const ARM_FEATURES =
  'fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt fcma lrcpc dcpop sha3 sm3 sm4 asimddp sha512 asimdfhm dit uscat ilrcpc flagm ssbs sb paca pacg dcpodp flagm2 frint i8mm bf16 bti';

/**
 * /proc/cpuinfo for the persona's core count. Programs run on the host CPU, so on x86_64 the entries are the
 * host's (x86 style, with its `flags`) and on arm64 the host's Features; a Features line is always present.
 */
export function cpuinfo(persona: Persona): string {
  const host = hostCpuinfoBlock();
  const field = (name: string) => host.find((l) => l.split(':')[0]!.trim() === name)?.split(':').slice(1).join(':').trim();
  const n = cpuCount(persona);
  const blocks: string[] = [];
  if (personaAbi(persona).abi === 'x86_64' && host.length > 0) {
    const flags = field('flags') ?? '';
    for (let i = 0; i < n; i++) {
      const lines = host
        .filter((l) => !/^(processor|core id|apicid|initial apicid|siblings|cpu cores)\s*:/.test(l));
      blocks.push(
        [`processor\t: ${i}`, ...lines, `siblings\t: ${n}`, `core id\t\t: ${i}`, `cpu cores\t: ${n}`, `apicid\t\t: ${i}`, `Features\t: ${flags}`].join('\n'),
      );
    }
    return blocks.join('\n\n') + '\n\n';
  }
  const features = persona.cpuArch?.features ?? field('Features') ?? ARM_FEATURES;
  for (let i = 0; i < n; i++) {
    const c = clusterOfCpu(persona, i);
    blocks.push(
      [
        `processor\t: ${i}`,
        `BogoMIPS\t: ${persona.cpuArch?.bogomips ?? '49.15'}`,
        `Features\t: ${features}`,
        `CPU implementer\t: ${persona.vendor === 'samsung' ? '0x51' : '0x41'}`,
        'CPU architecture: 8',
        `CPU variant\t: ${persona.cpuArch?.variant ?? '0x0'}`,
        `CPU part\t: ${c.part}`,
        `CPU revision\t: ${persona.cpuArch?.revision ?? '1'}`,
      ].join('\n'),
    );
  }
  return blocks.join('\n\n') + `\n\nHardware\t: ${persona.socModel}\n`;
}

export function meminfo(persona: Persona): string {
  const total = persona.memTotalKb;
  const rows: [string, number][] = [
    ['MemTotal', total],
    ['MemFree', Math.round(total * 0.08)],
    ['MemAvailable', Math.round(total * 0.46)],
    ['Buffers', Math.round(total * 0.002)],
    ['Cached', Math.round(total * 0.35)],
    ['SwapCached', 12_400],
    ['Active', Math.round(total * 0.22)],
    ['Inactive', Math.round(total * 0.3)],
    ['SwapTotal', 8_388_604],
    ['SwapFree', 7_102_332],
    ['Dirty', 412],
    ['AnonPages', Math.round(total * 0.2)],
    ['Mapped', Math.round(total * 0.12)],
    ['Shmem', 61_224],
  ];
  return rows.map(([k, v]) => `${`${k}:`.padEnd(16)}${String(v).padStart(8)} kB`).join('\n') + '\n';
}

/**
 * Keeps the phone's /proc and /sys files in step with the power model.
 *
 * Static files are replaced atomically (written beside, renamed over), so a concurrent `cat` sees either the old
 * or the new file. The files a gauge reading changes are rewritten in place, synchronously, inside the gauge update
 * that computed the reading, because a real fuel gauge's registers are readable the moment they update:
 * - published through async writes, each reading waited several event-loop turns (150-600 ms on a loaded host,
 *   and a reading that came while the previous one was being written was dropped);
 * - replaced by rename, the files of one reading appeared 0.3-13 ms apart (a rename waits for the filesystem
 *   journal; median 0.8 ms, q99 100 ms on this host's contended disk), so a sampler often paired one reading's
 *   current with the previous reading's voltage, and those torn pairs looked like extra gauge updates.
 * An in-place write is a page-cache copy (measured q99 20 us). A shorter value is written over the longer one
 * padded with spaces and the file then cut, so no reader sees digits of two values run together (integer
 * parsers, like sysfs readers, accept trailing whitespace); no file is ever empty.
 */
export class SysfsWriter {
  private lastWritten = new Map<string, string>();
  private ensuredDirs = new Set<string>();
  private excluded: (path: string) => boolean = () => false;
  /** Open descriptors of the files rewritten in place. */
  private readonly open = new Map<string, number>();

  constructor(
    private readonly fs: DeviceFs,
    private readonly persona: Persona,
    private readonly power: Pick<PowerSource, 'temperatures' | 'clusterFreqKhz' | 'nowBootMs'>,
  ) {}

  /** Paths another writer owns (a replay of a captured phone): never written here, static or per reading. */
  exclude(owned: OwnedFiles): void {
    const paths = new Set(owned.paths);
    this.excluded = (p) => paths.has(p) || owned.prefixes.some((prefix) => p.startsWith(prefix));
  }

  async writeStatic(props: Map<string, string>): Promise<void> {
    const p = this.persona;
    const files: Record<string, string> = {
      '/proc/cpuinfo': cpuinfo(p),
      '/proc/meminfo': meminfo(p),
      '/proc/version': `Linux version ${p.kernelRelease} (build-user@build-host) (Android (11368308, +pgo, +bolt, +lto, +mlgo, based on r510928) clang version 18.0.0) #1 SMP PREEMPT Mon Jan 6 00:00:00 UTC 2025\n`,
      '/system/build.prop': [...props].map(([k, v]) => `${k}=${v}`).join('\n') + '\n',
      [`${BAT}/present`]: '1\n',
      [`${BAT}/technology`]: 'Li-ion\n',
      [`${BAT}/type`]: 'Battery\n',
      [`${BAT}/health`]: 'Good\n',
      [`${BAT}/charge_full_design`]: `${p.batteryDesignMah * 1000}\n`,
      ['/sys/class/power_supply/usb/type']: 'USB\n',
      ['/sys/class/power_supply/ac/type']: 'Mains\n',
    };
    p.thermalZones.forEach((z, i) => {
      files[`/sys/class/thermal/thermal_zone${i}/type`] = `${z.type}\n`;
    });
    for (let cpu = 0; cpu < cpuCount(p); cpu++) {
      const c = clusterOfCpu(p, cpu);
      const d = `/sys/devices/system/cpu/cpu${cpu}/cpufreq`;
      files[`${d}/scaling_max_freq`] = `${c.maxKhz}\n`;
      files[`${d}/cpuinfo_max_freq`] = `${c.maxKhz}\n`;
      files[`${d}/scaling_min_freq`] = `${c.minKhz}\n`;
      files[`${d}/cpuinfo_min_freq`] = `${c.minKhz}\n`;
      files[`${d}/scaling_governor`] = 'schedutil\n';
    }
    files['/sys/devices/system/cpu/possible'] = `0-${cpuCount(p) - 1}\n`;
    files['/sys/devices/system/cpu/online'] = `0-${cpuCount(p) - 1}\n`;
    await this.writeAll(files);
  }

  dynamicFiles(r: GaugeReading): Record<string, string> {
    const p = this.persona;
    const t = this.power.temperatures;
    const files: Record<string, string> = {
      [`${BAT}/current_now`]: `${vendorCurrentNow(p, r.currentUa)}\n`,
      [`${BAT}/voltage_now`]: `${r.voltageUv}\n`,
      [`${BAT}/charge_counter`]: `${r.chargeCounterUah}\n`,
      [`${BAT}/capacity`]: `${r.capacity}\n`,
      [`${BAT}/status`]: `${r.status}\n`,
      [`${BAT}/temp`]: `${r.tempDeciC}\n`,
      ['/sys/class/power_supply/usb/online']: r.charger === 'usb' ? '1\n' : '0\n',
      ['/sys/class/power_supply/ac/online']: r.charger === 'ac' ? '1\n' : '0\n',
      ['/proc/uptime']: `${(this.power.nowBootMs() / 1000).toFixed(2)} ${((this.power.nowBootMs() / 1000) * 6.2).toFixed(2)}\n`,
    };
    p.thermalZones.forEach((z, i) => {
      files[`/sys/class/thermal/thermal_zone${i}/temp`] = `${Math.round((t[z.follows] + z.offsetC) * 1000)}\n`;
    });
    for (let cpu = 0; cpu < cpuCount(p); cpu++) {
      const c = clusterOfCpu(p, cpu);
      files[`/sys/devices/system/cpu/cpu${cpu}/cpufreq/scaling_cur_freq`] = `${this.power.clusterFreqKhz(c.minKhz, c.maxKhz)}\n`;
    }
    return files;
  }

  /** Writes the files a gauge reading changes, now (see the class comment), current_now and voltage_now first. */
  publish(r: GaugeReading): void {
    for (const [path, content] of Object.entries(this.dynamicFiles(r))) {
      if (this.lastWritten.get(path) === content || this.excluded(path)) continue;
      try {
        this.writeInPlace(path, Buffer.from(content));
        this.lastWritten.set(path, content);
      } catch {
        // The shell removed the file's directory or made it unwritable; the next update tries again.
        this.lastWritten.delete(path);
        this.closeFile(path);
      }
    }
  }

  private writeInPlace(path: string, data: Buffer): void {
    let fd = this.open.get(path);
    // A file deleted or renamed over through the shell: write the one the path names now.
    if (fd !== undefined && fstatSync(fd).nlink === 0) {
      this.closeFile(path);
      fd = undefined;
    }
    if (fd === undefined) {
      const host = this.fs.hostPath(path);
      mkdirSync(dirname(host), { recursive: true });
      fd = openSync(host, constants.O_WRONLY | constants.O_CREAT, 0o644);
      this.open.set(path, fd);
    }
    const size = fstatSync(fd).size;
    const padded = data.length < size ? Buffer.concat([data, Buffer.alloc(size - data.length, 0x20)]) : data;
    writeSync(fd, padded, 0, padded.length, 0);
    if (padded.length !== data.length) ftruncateSync(fd, data.length);
  }

  private closeFile(path: string): void {
    const fd = this.open.get(path);
    if (fd === undefined) return;
    this.open.delete(path);
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }

  /** Closes the files kept open for in-place writes. */
  close(): void {
    for (const path of [...this.open.keys()]) this.closeFile(path);
  }

  private async writeAll(files: Record<string, string>): Promise<void> {
    const jobs: Promise<void>[] = [];
    for (const [path, content] of Object.entries(files)) {
      if (this.lastWritten.get(path) === content || this.excluded(path)) continue;
      jobs.push(this.writeOne(path, content));
    }
    await Promise.all(jobs);
  }

  private async writeOne(path: string, content: string): Promise<void> {
    const host = this.fs.hostPath(path);
    const dir = dirname(host);
    if (!this.ensuredDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.ensuredDirs.add(dir);
    }
    try {
      await this.fs.writeAtomic(path, content);
      this.lastWritten.set(path, content);
    } catch {
      // Someone deleted or replaced the file through the shell; the next tick writes it again.
      this.lastWritten.delete(path);
      this.ensuredDirs.delete(dir);
    }
  }
}
