import { describe, expect, it } from 'vitest';
import { cactusSupport } from '../../../src/main/devices/cactus-support';
import { parseDeviceList, transportOf } from '../../../src/main/devices/device-list';
import { DeviceError, ParseError } from '../../../src/main/devices/errors';
import { factsFromProbeOutput, probeDevice, probeScript } from '../../../src/main/devices/probe';
import { splitSections } from '../../../src/main/devices/sections';
import { statusFromOutput, statusScript } from '../../../src/main/devices/status';
import type { DeviceShell } from '../../../src/main/devices/types';
import { fixture } from './fixtures';

/** What the probe script prints: each section's output followed by its marker and exit status. */
function sectioned(parts: Array<[string, string, number?]>): string {
  return parts.map(([name, text, code]) => `${text}@@AURORA@@${name} ${code ?? 0}\n`).join('');
}

function pixelProbe(): string {
  return sectioned([
    ['getprop', fixture('pixel8pro.getprop.txt')],
    ['cpuinfo', fixture('pixel8pro.cpuinfo.txt')],
    ['meminfo', fixture('pixel8pro.meminfo.txt')],
    ['current_now', '-1469687\n'],
    ['voltage_now', '4012000\n'],
    ['charge_counter', '4113000\n'],
    ['powerstats', fixture('pixel8pro.powerstats.txt')],
    ['powerstats_hal', fixture('pixel8pro.powerstats-hal.txt')],
  ]);
}

function samsungProbe(): string {
  return sectioned([
    ['getprop', fixture('samsung-s24u.getprop.txt')],
    ['cpuinfo', fixture('samsung-s24u.cpuinfo.txt')],
    ['meminfo', fixture('samsung-s24u.meminfo.txt')],
    ['current_now', '', 1], // unreadable without root on this build
    ['voltage_now', '4124000\n'],
    ['charge_counter', '3870000\n'],
    ['powerstats', fixture('samsung-s24u.powerstats.txt')],
    ['powerstats_hal', fixture('samsung-s24u.powerstats-hal.txt'), 0],
  ]);
}

describe('cactus support (the pinned engine, cactus/v1.14)', () => {
  const arm = (cpuFeatures: string[]) => cactusSupport({ abi: 'arm64-v8a', abiList: ['arm64-v8a'], cpuFeatures, virtual: false });

  it('arm64 with fp16, dot product and i8mm is supported, judged for v1.14', () => {
    expect(arm(['asimdhp', 'asimddp', 'i8mm', 'fp'])).toEqual({ supported: true, reason: null, missingFeatures: [], engine: 'cactus/v1.14', optionalMissing: [] });
  });

  it('arm64 without i8mm runs, with a note about the slower kernels (Tensor G1/G2 class)', () => {
    const c = arm(['asimdhp', 'asimddp']);
    expect(c).toMatchObject({ supported: true, reason: null, missingFeatures: [], optionalMissing: ['i8mm'], engine: 'cactus/v1.14' });
    expect(c.note).toMatch(/int8 matrix multiply \(i8mm\).*slower int8 kernels/);
  });

  it('names the missing required feature and the engine version, and no chip it refuses as an example', () => {
    const c = arm(['asimdhp']);
    expect(c.supported).toBe(false);
    expect(c.missingFeatures).toEqual(['asimddp']);
    expect(c.reason).toMatch(/lacks dot product \(asimddp\), which cactus\/v1\.14 needs/);
    expect(c.reason).not.toMatch(/Tensor G2|i8mm\)/);
    expect(arm([]).missingFeatures).toEqual(['asimdhp', 'asimddp']);
    expect(arm([]).reason).toMatch(/fp16 arithmetic \(asimdhp\) and dot product \(asimddp\)/);
  });

  it('x86_64 counts only for Aurora virtual phones (host build of the runner)', () => {
    const v = cactusSupport({ abi: 'x86_64', abiList: ['x86_64'], cpuFeatures: ['avx2'], virtual: true });
    expect(v).toMatchObject({ supported: true, engine: 'cactus/v1.14' });
    expect(v.note).toMatch(/simulated engine/);
    const emu = cactusSupport({ abi: 'x86_64', abiList: ['x86_64', 'x86'], cpuFeatures: ['avx2'], virtual: false });
    expect(emu.supported).toBe(false);
    expect(emu.reason).toMatch(/x86_64/);
  });

  it('32-bit ARM is not supported', () => {
    const c = cactusSupport({ abi: 'armeabi-v7a', abiList: ['armeabi-v7a', 'armeabi'], cpuFeatures: ['neon'], virtual: false });
    expect(c.supported).toBe(false);
    expect(c.reason).toMatch(/cactus\/v1\.14 needs a 64-bit ARM \(arm64-v8a\).*armeabi-v7a/);
  });
});

describe('probe', () => {
  it('builds one sectioned script', () => {
    const text = probeScript().text;
    expect(text).toContain(`getprop 2>/dev/null; echo '@@AURORA@@getprop' $?`);
    expect(text).toContain(`dumpsys 'android.hardware.power.stats.IPowerStats/default' 2>/dev/null`);
  });

  it('splits sections with exit codes, even when output lacks a final newline', () => {
    const s = splitSections('a\n@@AURORA@@one 0\nno-newline@@AURORA@@two 1\n');
    expect(s.get('one')).toEqual({ text: 'a\n', exitCode: 0 });
    expect(s.get('two')).toEqual({ text: 'no-newline', exitCode: 1 });
  });

  it('probes a Pixel 8 Pro', () => {
    const f = factsFromProbeOutput(pixelProbe(), 1000);
    expect(f).toMatchObject({
      manufacturer: 'Google',
      brand: 'google',
      model: 'Pixel 8 Pro',
      device: 'husky',
      soc: 'Tensor G3',
      abi: 'arm64-v8a',
      abiList: ['arm64-v8a'],
      androidRelease: '14',
      sdk: 34,
      fingerprint: 'google/husky/husky:14/AP2A.240805.005/12025142:user/release-keys',
      ramMb: 11424,
      cpuCores: 9,
      virtual: false,
      probedAt: 1000,
      cactus: { supported: true },
      energySources: { odpm: true, fuelGauge: true, chargeCounter: true, chargeCounterCalibration: { uahPerUnit: 1, raw: 4113000 } },
    });
    expect(f.energySources.odpmChannels).toHaveLength(11);
    expect(f.probeWarnings).toBeUndefined();
  });

  it('probes a Samsung S24 Ultra', () => {
    const f = factsFromProbeOutput(samsungProbe(), 2000);
    expect(f).toMatchObject({
      manufacturer: 'samsung',
      model: 'SM-S928B',
      soc: 'SM8650',
      abiList: ['arm64-v8a', 'armeabi-v7a', 'armeabi'],
      cpuCores: 8,
      cactus: { supported: true },
      energySources: { odpm: false, odpmChannels: [], fuelGauge: false, chargeCounter: true },
    });
  });

  it('falls back to ro.board.platform for the SoC; a Pixel 6a (Tensor G1, no i8mm) runs v1.14', () => {
    const out = sectioned([
      ['getprop', fixture('pixel6a.getprop.txt')],
      ['cpuinfo', fixture('pixel6a.cpuinfo.txt')],
      ['meminfo', '', 1],
    ]);
    const f = factsFromProbeOutput(out, 0);
    expect(f.soc).toBe('gs101');
    expect(f.cactus).toMatchObject({ supported: true, missingFeatures: [], optionalMissing: ['i8mm'] });
    expect(f.ramMb).toBeNull();
    expect(f.probeWarnings?.[0]).toMatch(/meminfo/);
    expect(f.energySources).toEqual({ odpm: false, odpmChannels: [], fuelGauge: false, chargeCounter: false, chargeCounterNote: null });
  });

  it('marks Aurora virtual phones', () => {
    const out = sectioned([
      ['getprop', '[ro.product.model]: [Virtual]\n[ro.product.cpu.abi]: [x86_64]\n[ro.aurora.virtual]: [1]\n'],
      ['cpuinfo', fixture('x86_64-emulator.cpuinfo.txt')],
    ]);
    const f = factsFromProbeOutput(out, 0);
    expect(f.virtual).toBe(true);
    expect(f.cactus.supported).toBe(true);
  });

  it('fails with a typed error when getprop is missing or garbage', () => {
    expect(() => factsFromProbeOutput('', 0)).toThrow(ParseError);
    expect(() => factsFromProbeOutput(sectioned([['getprop', 'sh: getprop: not found\n', 127]]), 0)).toThrow(/getprop` failed/);
    expect(() => factsFromProbeOutput(sectioned([['getprop', fixture('garbage.bin.txt')]]), 0)).toThrow(/getprop/);
  });

  it('runs one shell round trip and wraps failures', async () => {
    let calls = 0;
    const shell: DeviceShell = {
      shell: async () => {
        calls += 1;
        return { stdout: Buffer.from(pixelProbe()), stderr: Buffer.alloc(0), exitCode: 0 };
      },
    };
    await expect(probeDevice(shell, 'S1', () => 5)).resolves.toMatchObject({ model: 'Pixel 8 Pro', probedAt: 5 });
    expect(calls).toBe(1);
    const broken: DeviceShell = { shell: async () => ({ stdout: Buffer.from('x'), stderr: Buffer.alloc(0), exitCode: 0 }) };
    await expect(probeDevice(broken, 'S1')).rejects.toBeInstanceOf(DeviceError);
  });
});

describe('status', () => {
  it('reads battery and thermal in one script', () => {
    expect(statusScript().text).toBe(
      `dumpsys 'battery' 2>/dev/null; echo '@@AURORA@@battery' $?; dumpsys 'thermalservice' 2>/dev/null; echo '@@AURORA@@thermal' $?`,
    );
    const out = sectioned([
      ['battery', fixture('pixel8pro.battery.txt')],
      ['thermal', fixture('pixel8pro.thermalservice.txt')],
    ]);
    expect(statusFromOutput('S1', out, 42)).toEqual({
      serial: 'S1',
      at: 42,
      batteryLevel: 87,
      batteryStatus: 'charging',
      chargingSource: 'usb',
      batteryTempC: 29.1,
      batteryVoltageMv: 4250,
      thermalStatus: 1,
      skinTempC: 35.524,
    });
  });

  it('works without thermalservice and flags frozen battery values', () => {
    const out = sectioned([
      ['battery', fixture('pixel8pro.battery-unplugged.txt')],
      ['thermal', "Can't find service: thermalservice\n"],
    ]);
    const s = statusFromOutput('S1', out, 1);
    expect(s.thermalStatus).toBeNull();
    expect(s.skinTempC).toBeNull();
    expect(s.batteryUpdatesStopped).toBe(true);
  });

  it('fails with a typed error when dumpsys battery is unusable', () => {
    expect(() => statusFromOutput('S1', sectioned([['battery', fixture('garbage.bin.txt')]]), 1)).toThrow(ParseError);
    expect(() => statusFromOutput('S1', '', 1)).toThrow(/dumpsys battery: no output/);
  });
});

describe('device list', () => {
  it('parses `adb devices -l` lines, including states with spaces', () => {
    const list = parseDeviceList(
      [
        '3A101FDJG00ABC         device usb:1-1 product:husky model:Pixel_8_Pro device:husky transport_id:3',
        'R5CX10ABCDE            unauthorized usb:1-2 transport_id:4',
        '127.0.0.1:40001        device product:vphone model:Aurora_Virtual device:vphone transport_id:7',
        '192.168.1.20:5555      offline transport_id:9',
        '0123456789ABCDEF       no permissions (missing udev rules? user is in the plugdev group); see [http://developer.android.com/tools/device.html] usb:1-3 transport_id:10',
        'adb-R5CX-abc._adb-tls-connect._tcp device product:e3q model:SM_S928B device:e3q transport_id:11',
        '',
      ].join('\n'),
    );
    expect(list.map((d) => [d.serial, d.state, d.transport, d.transportId])).toEqual([
      ['3A101FDJG00ABC', 'device', 'usb', '3'],
      ['R5CX10ABCDE', 'unauthorized', 'usb', '4'],
      ['127.0.0.1:40001', 'device', 'tcp', '7'],
      ['192.168.1.20:5555', 'offline', 'tcp', '9'],
      ['0123456789ABCDEF', 'unknown', 'usb', '10'],
      ['adb-R5CX-abc._adb-tls-connect._tcp', 'device', 'tcp', '11'],
    ]);
    expect(list[0]).toMatchObject({ product: 'husky', model: 'Pixel_8_Pro', device: 'husky' });
    expect(list[1]).toMatchObject({ product: null, model: null });
  });

  it('classifies serials', () => {
    expect(transportOf('emulator-5554')).toBe('usb');
    expect(transportOf('[::1]:5555')).toBe('tcp');
    expect(transportOf('phone.lab.local:5555')).toBe('tcp');
  });
});
