/**
 * The lab side of the real engine, as pure logic: which build a device gets, local model folders (--model-dir),
 * the engine's marks on results (cloud handoff, repaired text), how the arm64 virtual phone runs aarch64 programs,
 * what its /proc/cpuinfo says, and the engine build's source hash.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceFacts } from '../../../src/shared/devices';
import { cactusSupport } from '../../../src/main/devices/cactus-support';
import { parseCpuinfo } from '../../../src/main/devices/parsers/cpuinfo';
import { buildForDevice } from '../../../src/main/runner/artifacts';
import { folderSha256 } from '../../../src/main/runner/deploy';
import { engineMarks, markEngineResult, resultError } from '../../../src/main/runner/engine-result';
import { engineSourceHash } from '../../../src/main/runner/engine-source';
import { checkCactusModelFolder, localModel, parseModelDirArg, registerLocalModel } from '../../../src/main/runner/local-models';
import { resolveModel } from '../../../src/main/runner/models';
import type { ResultMessage } from '../../../src/main/runner/protocol';
import { personaForEngine } from '../../../src/main/virtual-phone/arm64-profile';
import { PERSONAS, buildProperties } from '../../../src/main/virtual-phone/personas';
import { aarch64Command, EM_AARCH64, elfMachine } from '../../../src/main/virtual-phone/qemu-launcher';
import { cpuinfo } from '../../../src/main/virtual-phone/sysfs-writer';

const TINY = join(import.meta.dirname, '../../fixtures/cactus-tiny/cactus-qwen3-tiny-int8');

function facts(over: Partial<DeviceFacts>): DeviceFacts {
  return {
    manufacturer: 'Google', brand: 'google', model: 'Pixel 8 Pro', device: 'husky', soc: 'Tensor G3', abi: 'arm64-v8a', abiList: ['arm64-v8a'],
    androidRelease: '15', sdk: 35, fingerprint: 'f', ramMb: 12000, cpuCores: 9, cpuFeatures: ['fphp', 'asimdhp', 'asimddp', 'i8mm'],
    cactus: { supported: true, reason: null, missingFeatures: [] }, energySources: { odpm: true, odpmChannels: [], fuelGauge: true, chargeCounter: true },
    virtual: false, probedAt: 0, ...over,
  };
}

describe('runner builds per device', () => {
  it('gives a phone the NDK build, an arm64 virtual phone the real engine, a host virtual phone the simulated one', () => {
    expect(buildForDevice(facts({}))).toEqual({ build: 'android-arm64-v8a', simulated: false });
    expect(buildForDevice(facts({ virtual: true, virtualEngine: 'cactus' }))).toEqual({ build: 'linux-aarch64', simulated: false });
    const hostAbi = process.arch === 'x64' ? 'x86_64' : 'arm64-v8a';
    expect(buildForDevice(facts({ virtual: true, virtualEngine: 'simulated', abi: hostAbi, abiList: [hostAbi] }))).toMatchObject({ simulated: true });
    expect(() => buildForDevice(facts({ virtual: true, virtualEngine: 'cactus', abi: 'x86_64', abiList: ['x86_64'] }))).toThrow(/not arm64-v8a/);
  });
});

describe('local model folders (--model-dir)', () => {
  const tmp = () => mkdtempSync(join(tmpdir(), 'aurora-local-models-'));

  it('accepts a Cactus weights folder and refuses, naming what is missing, anything else', () => {
    const d = tmp();
    try {
      expect(checkCactusModelFolder(TINY, 'tiny')).toEqual(expect.arrayContaining(['config.txt', 'token_embeddings.weights']));
      expect(() => checkCactusModelFolder(join(d, 'nope'), 'x')).toThrow(/does not exist/);
      writeFileSync(join(d, 'file'), 'x');
      expect(() => checkCactusModelFolder(join(d, 'file'), 'x')).toThrow(/is a file, not a folder/);
      mkdirSync(join(d, 'empty'));
      expect(() => checkCactusModelFolder(join(d, 'empty'), 'x')).toThrow(/not a Cactus model: it has no config.txt/);
      mkdirSync(join(d, 'notype'));
      writeFileSync(join(d, 'notype', 'config.txt'), 'vocab_size=3\n');
      writeFileSync(join(d, 'notype', 'a.weights'), 'x');
      expect(() => checkCactusModelFolder(join(d, 'notype'), 'x')).toThrow(/no model_type line/);
      mkdirSync(join(d, 'noweights'));
      writeFileSync(join(d, 'noweights', 'config.txt'), 'model_type=qwen\n');
      expect(() => checkCactusModelFolder(join(d, 'noweights'), 'x')).toThrow(/no \.weights files/);
      const sim = join(import.meta.dirname, '../../../resources/runner/models/qwen-600m');
      expect(() => checkCactusModelFolder(sim, 'x')).toThrow(/simulated model definitions, not Cactus weights/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('parses ID=DIR with clear errors and keeps ids safe for device paths', () => {
    expect(parseModelDirArg('my-qwen=/tmp/x')).toEqual({ id: 'my-qwen', dir: '/tmp/x' });
    expect(() => parseModelDirArg('/tmp/x')).toThrow(/takes ID=DIR/);
    expect(() => parseModelDirArg('a/b=/tmp/x')).toThrow(/letters, digits/);
    expect(() => parseModelDirArg('..=/tmp/x')).toThrow(/letters, digits/);
  });

  it('registers a folder under an id; a phone gets it, the simulated engine refuses it', async () => {
    const home = tmp();
    try {
      expect(localModel(home, 'constructor')).toBeNull();
      await registerLocalModel(home, 'tiny', TINY);
      expect(localModel(home, 'tiny')?.dir).toBe(TINY);
      expect(resolveModel('tiny', { home, simulated: false })).toMatchObject({ id: 'tiny', dir: TINY, simulated: false, quant: null });
      expect(() => resolveModel('tiny', { home, simulated: true })).toThrow(/simulated engine of this virtual phone cannot run real weights/);
      // a folder that stopped being a model is caught at resolve time too (before any push)
      const copy = join(home, 'copy');
      cpSync(TINY, copy, { recursive: true });
      await registerLocalModel(home, 'copy', copy);
      rmSync(join(copy, 'config.txt'));
      expect(() => resolveModel('copy', { home, simulated: false })).toThrow(/no config.txt/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('names a model folder by one hash over its files, independent of order', () => {
    const a = folderSha256([{ path: 'config.txt', sha256: '1' }, { path: 'a.weights', sha256: '2' }]);
    expect(a).toBe(folderSha256([{ path: 'a.weights', sha256: '2' }, { path: 'config.txt', sha256: '1' }]));
    expect(a).not.toBe(folderSha256([{ path: 'a.weights', sha256: '3' }, { path: 'config.txt', sha256: '1' }]));
  });
});

describe("the engine's marks on results", () => {
  const base: ResultMessage = { type: 'result', id: 1, ok: true, t_start_ms: 1, t_end_ms: 2, response: 'B', cloud_handoff: false };

  it('fails a cloud answer, keeps its text aside and never lets it be scored', () => {
    expect(markEngineResult(base)).toBe(base);
    const m = markEngineResult({ ...base, cloud_handoff: true });
    expect(m).toMatchObject({ ok: false, cloud_response: 'B' });
    expect(m.response).toBeUndefined();
    expect(resultError(m)).toMatch(/handed this prompt to the cloud/);
    expect(resultError(base)).toBeNull();
  });

  it('reads repaired and cloud_handoff from the stored line, not from the text inside it', () => {
    expect(engineMarks(JSON.stringify({ ...base, repaired: true }))).toEqual({ repaired: true });
    expect(engineMarks(JSON.stringify({ ...base, cloud_handoff: true }))).toEqual({ cloudHandoff: true });
    expect(engineMarks(JSON.stringify({ ...base, response: '"repaired":true "cloud_handoff":true' }))).toEqual({});
    expect(engineMarks(null)).toEqual({});
  });
});

describe('the arm64 virtual phone', () => {
  it('reports arm64 and the real SoC features, so the lab pushes it the phone build', () => {
    for (const vendor of ['pixel', 'samsung'] as const) {
      const p = personaForEngine(PERSONAS[vendor], 'cactus');
      const props = buildProperties(p, 's');
      expect(props.get('ro.product.cpu.abi')).toBe('arm64-v8a');
      expect(props.get('ro.aurora.engine')).toBe('cactus');
      const info = parseCpuinfo(cpuinfo(p));
      expect(info.cores).toBe(PERSONAS[vendor].clusters.reduce((n, c) => n + c.cores, 0));
      expect(cactusSupport({ abi: 'arm64-v8a', abiList: ['arm64-v8a'], cpuFeatures: info.features, virtual: true }).supported).toBe(true);
      expect(info.features).toEqual(expect.arrayContaining(['fphp', 'asimdhp', 'asimddp', 'i8mm']));
    }
    expect(buildProperties(PERSONAS.pixel, 's').get('ro.aurora.engine')).toBe('simulated');
  });

  it('runs aarch64 ELF programs under qemu-aarch64 -cpu max, and says so when qemu is missing', () => {
    const elf = Buffer.alloc(64);
    elf.write('\x7fELF', 0, 'latin1');
    elf[5] = 1;
    elf.writeUInt16LE(EM_AARCH64, 18);
    expect(elfMachine(elf)).toBe(EM_AARCH64);
    expect(elfMachine(Buffer.from('#!/bin/sh\n'))).toBeNull();
    const c = aarch64Command('/p/aurora-runner', ['--model', 'm'], './aurora-runner', { qemu: process.execPath, hostArch: 'x64' });
    expect(c).toMatchObject({ ok: true, command: process.execPath });
    if (c.ok) expect(c.argv.slice(0, 2)).toEqual(['-cpu', 'max']);
    if (c.ok) expect(c.argv.slice(-3)).toEqual(['/p/aurora-runner', '--model', 'm']);
    expect(aarch64Command('/p/x', [], 'x', { hostArch: 'arm64' })).toEqual({ ok: true, command: '/p/x', argv: [] });
    expect(aarch64Command('/p/x', [], 'x', { hostArch: 'x64', path: '/nonexistent' })).toMatchObject({ ok: false, reason: expect.stringMatching(/qemu-user/) });
  });
});

describe('the engine build cache key', () => {
  it('changes with any engine file or the recipe, and not otherwise', async () => {
    const d = mkdtempSync(join(tmpdir(), 'aurora-src-hash-'));
    try {
      mkdirSync(join(d, 'cactus', 'ffi'), { recursive: true });
      writeFileSync(join(d, 'cactus', 'CMakeLists.txt'), 'project(x)\n');
      writeFileSync(join(d, 'cactus', 'ffi', 'a.cpp'), 'int a;\n');
      writeFileSync(join(d, 'CACTUS_VERSION'), 'v1.14\n');
      const src = { dir: d, origin: 'given' as const, version: 'v1.14' };
      const h1 = await engineSourceHash(src, 'r1');
      expect(await engineSourceHash(src, 'r1')).toBe(h1);
      expect(await engineSourceHash(src, 'r2')).not.toBe(h1);
      mkdirSync(join(d, 'cactus', 'build'));
      writeFileSync(join(d, 'cactus', 'build', 'junk.o'), 'x'); // build output is not source
      expect(await engineSourceHash(src, 'r1')).toBe(h1);
      writeFileSync(join(d, 'cactus', 'ffi', 'a.cpp'), 'int b;\n');
      expect(await engineSourceHash(src, 'r1')).not.toBe(h1);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
