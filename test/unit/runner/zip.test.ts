import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extractZip, readZipEntries, safeEntryPath } from '../../../src/main/runner/zip';
import { tempDir } from '../../helpers/temp-dir';
import { makeZip } from './zip-writer';

const dirs: Array<{ cleanup: () => void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
function tmp() {
  const d = tempDir('aurora-zip-');
  dirs.push(d);
  return d.path;
}

describe('zip reader', () => {
  it('extracts stored and deflated entries, nested folders included, checking CRC-32', async () => {
    const dir = tmp();
    const weights = randomBytes(300_000);
    const text = Buffer.from('model_id=qwen-600m\n'.repeat(500));
    const zip = join(dir, 'w.zip');
    writeFileSync(zip, makeZip([
      { name: 'qwen3-0.6b/', data: Buffer.alloc(0), method: 0 },
      { name: 'qwen3-0.6b/config.txt', data: text, method: 8 },
      { name: 'qwen3-0.6b/layer_0.weights', data: weights, method: 0 },
      { name: 'qwen3-0.6b/empty.weights', data: Buffer.alloc(0), method: 8 },
    ]));
    const entries = await readZipEntries(zip);
    expect(entries.map((e) => e.name)).toEqual(['qwen3-0.6b/', 'qwen3-0.6b/config.txt', 'qwen3-0.6b/layer_0.weights', 'qwen3-0.6b/empty.weights']);
    const out = join(dir, 'out');
    const progress: number[] = [];
    const written = await extractZip(zip, out, (b) => progress.push(b));
    expect(written.sort()).toEqual(['qwen3-0.6b/config.txt', 'qwen3-0.6b/empty.weights', 'qwen3-0.6b/layer_0.weights']);
    expect(readFileSync(join(out, 'qwen3-0.6b/config.txt'))).toEqual(text);
    expect(readFileSync(join(out, 'qwen3-0.6b/layer_0.weights'))).toEqual(weights);
    expect(progress.at(-1)).toBe(text.length + weights.length);
  });

  it('refuses a corrupt entry (CRC mismatch) and leaves no partial file', async () => {
    const dir = tmp();
    const zip = makeZip([{ name: 'a.weights', data: Buffer.from('hello world, hello world'), method: 0 }]);
    const at = 30 + 'a.weights'.length + 3;
    zip[at] = zip[at]! ^ 0xff; // flip a byte of the stored data
    writeFileSync(join(dir, 'bad.zip'), zip);
    await expect(extractZip(join(dir, 'bad.zip'), join(dir, 'out'))).rejects.toThrow(/CRC-32/);
    expect(existsSync(join(dir, 'out', 'a.weights'))).toBe(false);
    expect(existsSync(join(dir, 'out', 'a.weights.extracting'))).toBe(false);
  });

  it('refuses a file that is not a zip or is truncated', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'x.zip'), 'just text');
    await expect(readZipEntries(join(dir, 'x.zip'))).rejects.toThrow(/not a zip file/);
    const zip = makeZip([{ name: 'a.txt', data: randomBytes(5000), method: 0 }]);
    writeFileSync(join(dir, 't.zip'), zip.subarray(0, zip.length - 30));
    await expect(readZipEntries(join(dir, 't.zip'))).rejects.toThrow(/not a zip file|truncated/);
  });

  it('keeps entries inside the output folder', () => {
    expect(safeEntryPath('../evil')).toBeNull();
    expect(safeEntryPath('/etc/passwd')).toBeNull();
    expect(safeEntryPath('a/../../b')).toBeNull();
    expect(safeEntryPath('__MACOSX/a/._config.txt')).toBeNull();
    expect(safeEntryPath('./m/config.txt')).toBe(join('m', 'config.txt'));
  });
});
