import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetRepository } from '../../../src/main/datasets/repository';
import { DatasetsService } from '../../../src/main/datasets/service';
import { tempDir } from '../../helpers/temp-dir';

const home = tempDir('aurora-ds-home-');
const elsewhere = tempDir('aurora-ds-else-');
afterAll(() => {
  home.cleanup();
  elsewhere.cleanup();
});

function service(recent: string[]): DatasetsService {
  const repository = { recent: () => recent } as unknown as DatasetRepository;
  return new DatasetsService({ repository, home: home.path });
}

describe('data set paths by caller', () => {
  it('over HTTP takes only the datasets folder (bare names there, symbolic links resolved), the CLI any file', () => {
    const dir = join(home.path, 'datasets');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'mine.jsonl'), '{"prompt":"hi"}\n');
    writeFileSync(join(elsewhere.path, 'other.jsonl'), '{"prompt":"hi"}\n');
    symlinkSync(elsewhere.path, join(dir, 'out'));
    const s = service([join(elsewhere.path, 'other.jsonl'), 'mine.jsonl']);
    expect(s.labDatasetPath('mine.jsonl')).toBe(join(dir, 'mine.jsonl'));
    expect(s.labDatasetPath('starter')).toBe('starter');
    expect(s.labDatasetPath('not-yet.jsonl')).toBe(join(dir, 'not-yet.jsonl'));
    for (const bad of [join(elsewhere.path, 'other.jsonl'), 'out/other.jsonl', '../lab.sqlite', dir]) expect(() => s.labDatasetPath(bad), bad).toThrow(/only from its datasets folder/);
    // The list offers over HTTP only what HTTP may use.
    expect(s.options('http').filter((o) => o.kind === 'recent').map((o) => o.spec)).toEqual(['mine.jsonl']);
    expect(s.options('cli').filter((o) => o.kind === 'recent')).toHaveLength(2);
  });
});
