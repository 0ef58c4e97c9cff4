import { describe, expect, it } from 'vitest';
import { LabError } from '../../../src/main/api/lab-error';
import { checkKnownModels } from '../../../src/main/runner/model-check';
import { resolveModel } from '../../../src/main/runner/models';
import { tempDir } from '../../helpers/temp-dir';

describe('model ids against the catalogue', () => {
  const home = tempDir();

  it('accepts catalogue ids and refuses others naming the field and the closest ids', () => {
    expect(() => checkKnownModels(['qwen-600m', 'gemma-270m'], { home: home.path, field: (i) => `models.${i}` })).not.toThrow();
    let err: unknown;
    try {
      checkKnownModels(['qwen-600m', 'smolm-360m'], { home: home.path, field: (i) => `models.${i}` });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LabError);
    expect(err).toMatchObject({ code: 'bad-request', issues: [{ path: 'models.1' }] });
    expect((err as LabError).message).toBe(
      'models.1: Unknown model "smolm-360m". Did you mean "smollm-360m"? `aurora-lab models` lists the 12 known ids; a local Cactus model folder is measured with --model-dir ID=DIR.',
    );
  });

  it('never turns an id into a path', () => {
    expect(() => resolveModel('../../../tmp/x', { home: home.path, simulated: true })).toThrow(/is not a model id/);
    expect(() => resolveModel('a/b', { home: home.path, simulated: false })).toThrow(/is not a model id/);
  });
});
