/**
 * Oversized and over-deep profile files through the real CLI (`aurora-lab import-profile FILE`): refused with the
 * file and the field named, before anything is parsed or stored.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/lab-process';
import { deepProfileText, hugeProfileText } from '../../helpers/huge-profile';
import { tempDir } from '../../helpers/temp-dir';

const dir = tempDir();
afterAll(() => dir.cleanup());

describe('aurora-lab import-profile with files past the shape limits', () => {
  it('a profile nested 100,000 deep: the file and the field, not "Maximum call stack size exceeded"', async () => {
    const file = join(dir.path, 'deep.json');
    writeFileSync(file, deepProfileText(100_000));
    const r = await runCli(['--home', join(dir.path, 'home'), 'import-profile', file]);
    expect(r.code).toBe(2); // a file that is wrong is bad input
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/provenance\.options\.notes\[0\]\[0\]/);
    expect(r.stderr).toMatch(/nested deeper than 32 levels/);
    expect(r.stderr).not.toMatch(/call stack/i);
  });

  it('a 44 MB profile with 10^6 clusters: refused naming clusters.centroids and the limit', async () => {
    const file = join(dir.path, 'huge.json');
    writeFileSync(file, hugeProfileText(1_000_000));
    const r = await runCli(['--home', join(dir.path, 'home'), 'import-profile', file]);
    expect(r.code).toBe(2); // a file that is wrong is bad input
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/clusters\.centroids: more than 4096 clusters/);
  });
});
