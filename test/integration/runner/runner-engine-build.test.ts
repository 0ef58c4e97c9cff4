/**
 * The engine build's checks that need no engine compile: `make api-check` against the real v1.14 header (skipped
 * without ../shared/vendor) and against the newer `cactus-engine/cactus_engine.h` layout; a header whose prototype
 * differs fails; and `npm run build:engine`'s source lookup refuses a checkout whose pinned tag moved.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findEngineSource } from '../../../src/main/runner/engine-source';
import { RUNNER_DIR } from './runner-harness';

/** The pinned engine source: CACTUS_SRC, else the workspace's vendored copy (a plain clone has neither). */
const VENDORED = process.env.CACTUS_SRC ?? path.resolve(RUNNER_DIR, '..', '..', '..', 'shared', 'vendor', 'cactus-v1.14');
const HEADER = path.join(VENDORED, 'cactus', 'ffi', 'cactus_ffi.h');
const haveVendored = existsSync(HEADER);

function apiCheck(vars: string[]): { code: number | null; out: string } {
  const out = mkdtempSync(path.join(tmpdir(), 'aurora-api-check-'));
  try {
    const r = spawnSync('make', ['--no-print-directory', '-C', RUNNER_DIR, 'api-check', `OUT=${out}`, ...vars], { encoding: 'utf8' });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe.skipIf(!haveVendored)(`make api-check against the real engine header${haveVendored ? '' : ' (skipped: needs the Cactus v1.14 source: set CACTUS_SRC, or ../shared/vendor/cactus-v1.14)'}`, () => {
  it('matches the v1.14 header (cactus/ffi/cactus_ffi.h) and the newer layout (cactus-engine/cactus_engine.h)', () => {
    const v = apiCheck([`CACTUS_SRC=${VENDORED}`]);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toMatch(/matches .*cactus\/ffi\/cactus_ffi\.h \(cactus_complete: 10 args\)/);
    const tree = mkdtempSync(path.join(tmpdir(), 'aurora-new-layout-'));
    try {
      mkdirSync(path.join(tree, 'cactus-engine'));
      cpSync(HEADER, path.join(tree, 'cactus-engine', 'cactus_engine.h'));
      const n = apiCheck([`CACTUS_SRC=${tree}`]);
      expect(n.code, n.out).toBe(0);
      expect(n.out).toMatch(/matches .*cactus-engine\/cactus_engine\.h/);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('fails when a prototype differs, and says how to try the older API', () => {
    const tree = mkdtempSync(path.join(tmpdir(), 'aurora-bad-header-'));
    try {
      mkdirSync(path.join(tree, 'cactus', 'ffi'), { recursive: true });
      // cactus_complete's last parameter as an int: the kind of drift a mismatched prototype would be
      const orig = readFileSync(HEADER, 'utf8');
      const at = orig.indexOf('int cactus_complete(');
      const text = orig.slice(0, at) + orig.slice(at).replace('size_t pcm_buffer_size', 'int pcm_buffer_size');
      expect(at).toBeGreaterThan(0);
      expect(text).not.toBe(orig);
      writeFileSync(path.join(tree, 'cactus', 'ffi', 'cactus_ffi.h'), text);
      const r = apiCheck([`CACTUS_SRC=${tree}`]);
      expect(r.code).not.toBe(0);
      expect(r.out).toMatch(/does NOT match .*CACTUS_COMPLETE_ARGS=8/);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});

describe('engine source lookup', () => {
  it('says what is missing when a tree has neither header layout', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'aurora-no-header-'));
    try {
      const r = apiCheck([`CACTUS_SRC=${empty}`]);
      expect(r.code).not.toBe(0);
      expect(r.out).toMatch(/no cactus\/ffi\/cactus_ffi\.h or cactus-engine\/cactus_engine\.h under/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses a fetched checkout whose v1.14 tag is not the pinned commit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aurora-fake-cactus-'));
    try {
      const repo = path.join(dir, 'repo');
      mkdirSync(path.join(repo, 'cactus'), { recursive: true });
      writeFileSync(path.join(repo, 'cactus', 'CMakeLists.txt'), 'project(x)\n');
      const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
      git('init', '-q');
      git('add', '.');
      git('commit', '-qm', 'not cactus');
      git('tag', 'v1.14');
      const cache = path.join(dir, 'cache');
      await expect(
        findEngineSource({ projectRoot: path.join(dir, 'no-project'), cacheDir: cache, env: { AURORA_CACTUS_GIT: `file://${repo}` } }),
      ).rejects.toThrow(/The tag v1\.14 of file:\/\/.* is at [0-9a-f]{12}, not the pinned 40a7123b: the tag was moved/);
      expect(existsSync(path.join(cache, 'cactus-src', 'v1.14'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
