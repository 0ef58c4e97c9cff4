import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RoutingError } from '../../../src/main/routing/errors';
import { checkProfileShape, PROFILE_LIMITS } from '../../../src/main/routing/limits';
import { parseAnyProfile } from '../../../src/main/routing/seed-v1';
import { deepProfileText, hugeProfileText } from '../../helpers/huge-profile';

function refusal(text: string, limits = PROFILE_LIMITS): RoutingError {
  try {
    checkProfileShape(text, 'profile', limits);
  } catch (err) {
    if (err instanceof RoutingError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('profile shape limits, checked before parsing', () => {
  it('let the shipped default profile through', () => {
    const text = readFileSync(resolve(import.meta.dirname, '../../../profiles/default-virtual.json'), 'utf8');
    expect(() => checkProfileShape(text, 'profile')).not.toThrow();
    expect(parseAnyProfile(text).clusters.k).toBeGreaterThan(0);
  });

  it('are not fooled by brackets, braces and escaped quotes inside strings', () => {
    const inString = `"${'[{'.repeat(100)}\\"${']}'.repeat(10)}\\\\"`;
    const doc = `{"a":${inString},"b":[${inString},1,{"c":[]}],${inString}:2}`;
    expect(() => checkProfileShape(doc, 'p', { ...PROFILE_LIMITS, maxDepth: 4 })).not.toThrow();
    expect(refusal(doc, { ...PROFILE_LIMITS, maxDepth: 3 }).message).toMatch(/^profile: b\[2\]\.c: nested deeper than 3/);
    expect(() => checkProfileShape(`{"models":[${Array.from({ length: 3 }, () => '"x,y]"').join(',')}]}`, 'p', { ...PROFILE_LIMITS, maxModels: 3 })).not.toThrow();
    expect(refusal(`{"models":[${Array.from({ length: 4 }, () => '"x,y]"').join(',')}]}`, { ...PROFILE_LIMITS, maxModels: 3 }).message).toMatch(/models: more than 3 models/);
  });

  it('refuse a profile nested 100,000 deep with the field named (no stack overflow)', () => {
    const err = refusal(deepProfileText(100_000));
    expect(err.code).toBe('profile-too-large');
    expect(err.message).toMatch(/^profile: provenance\.options\.notes\[0\]\[0\].*\(32 levels\): nested deeper than 32 levels/);
    expect(err.issues[0]!.path).toMatch(/^provenance\.options\.notes\[0\]/);
    expect(() => parseAnyProfile(deepProfileText(100_000))).toThrow(/nested deeper than 32 levels/);
    expect(() => checkProfileShape(deepProfileText(PROFILE_LIMITS.maxDepth - 3), 'profile')).not.toThrow();
  });

  it('refuse too many clusters, models, dimensions or elements, naming the field', () => {
    const small = { ...PROFILE_LIMITS, maxClusters: 4, maxModels: 2, maxDim: 3, maxElements: 10 };
    const arr = (n: number, v = '0') => `[${Array.from({ length: n }, () => v).join(',')}]`;
    expect(refusal(`{"clusters":{"centroids":${arr(5, '[1]')}}}`, small).message).toMatch(/clusters\.centroids: more than 4 clusters/);
    expect(refusal(`{"clusters":{"centroids":[${arr(4)}]}}`, small).message).toMatch(/clusters\.centroids\[0\]: more than 3 embedding dimensions/);
    expect(refusal(`{"models":[{},{"error_rates":${arr(5)}}]}`, small).message).toMatch(/models\[1\]\.error_rates: more than 4 clusters/);
    expect(refusal(`{"models":${arr(3, '{}')}}`, small).message).toMatch(/models: more than 2 models/);
    expect(refusal(`{"cluster_centers":{"cluster_centers":${arr(5, '[]')}}}`, small).message).toMatch(/cluster_centers\.cluster_centers: more than 4 clusters/);
    expect(refusal(`{"llm_profiles":{"a":${arr(5)}}}`, small).message).toMatch(/llm_profiles\.a: more than 4 clusters/);
    expect(refusal(`{"provenance":{"run_ids":${arr(11, '"r"')}}}`, small).message).toMatch(/provenance\.run_ids: more than 10 elements/);
    const members = `{${Array.from({ length: 11 }, (_, i) => `"k${i}":1`).join(',')}}`;
    expect(refusal(`{"provenance":{"options":${members}}}`, small).message).toMatch(/provenance\.options: more than 10 members/);
  });

  it('leave malformed JSON to the parser, which names the position', () => {
    expect(() => checkProfileShape('{"a": [1, 2', 'profile')).not.toThrow();
    expect(() => checkProfileShape('{"a": "unterminated', 'profile')).not.toThrow();
    expect(() => parseAnyProfile('{"format": [1 2]}')).toThrow(/line 1, column 15/);
  });

  it('refuse a 44 MB profile with 10^6 clusters at once, without building it (heap sanity bound)', () => {
    const text = hugeProfileText(1_000_000);
    expect(text.length).toBeGreaterThan(40e6);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let err: unknown;
    try {
      parseAnyProfile(text);
    } catch (e) {
      err = e;
    }
    const grown = process.memoryUsage().heapUsed - before;
    expect((err as Error).message).toMatch(/clusters\.centroids: more than 4096 clusters/);
    // Parsing it took about 900 MB and 8 s before this check existed; the refusal allocates next to nothing.
    expect(grown).toBeLessThan(64 * 1024 * 1024);
  });
});
