import { describe, expect, it } from 'vitest';
import { diffManifest, parseDf, parseManifest, parseSha256sum } from '../../../src/main/runner/manifest';
import type { DeployFile } from '../../../src/main/runner/manifest';

const h = (c: string) => c.repeat(64);
const file = (remote: string, sha256: string, size = 10): DeployFile => ({ local: `/x/${remote}`, remote, sha256, size, mode: 0o644 });

describe('device manifest', () => {
  it('diffs local files against the device manifest: claimed unchanged, changed, unknown', () => {
    const files = [file('aurora-runner', h('a')), file('libcactus_sim.so', h('b')), file('models/m/config.txt', h('c')), file('models/m/w.weights', h('d'), 99)];
    const manifest = parseManifest(JSON.stringify({ version: 1, updatedAt: 1, files: { 'aurora-runner': { sha256: h('a'), size: 10 }, 'libcactus_sim.so': { sha256: h('e'), size: 10 }, 'models/m/w.weights': { sha256: h('d'), size: 98 }, stale: { sha256: h('f'), size: 1 } } }));
    const d = diffManifest(files, manifest);
    expect(d.claimedUnchanged.map((f) => f.remote)).toEqual(['aurora-runner']);
    expect(d.changed.map((f) => f.remote)).toEqual(['libcactus_sim.so', 'models/m/w.weights']);
    expect(d.unknown.map((f) => f.remote)).toEqual(['models/m/config.txt']);
  });

  it('treats a missing or unreadable manifest as empty (everything is verified by hash)', () => {
    expect(parseManifest(null)).toBeNull();
    expect(parseManifest('{"version":1')).toBeNull();
    expect(parseManifest('{"version":2,"files":{}}')).toBeNull();
    expect(parseManifest(JSON.stringify({ version: 1, files: { a: { sha256: 'nothex', size: 1 } } }))?.files).toEqual({});
    expect(diffManifest([file('a', h('a'))], null).unknown).toHaveLength(1);
  });

  it('parses sha256sum output, ignoring error lines', () => {
    const m = parseSha256sum(`${h('a')}  /data/local/tmp/aurora/aurora-runner\n${h('B')} */data/local/tmp/aurora/with space.bin\nsha256sum: /x: No such file or directory\n`);
    expect(m.get('/data/local/tmp/aurora/aurora-runner')).toBe(h('a'));
    expect(m.get('/data/local/tmp/aurora/with space.bin')).toBe(h('b'));
    expect(m.size).toBe(2);
  });
});

describe('df -k', () => {
  it('parses toybox output', () => {
    const rows = parseDf('Filesystem       1K-blocks     Used Available Use% Mounted on\n/dev/block/dm-46 264212084 24680432  81710480  24% /data\n');
    expect(rows).toEqual([{ filesystem: '/dev/block/dm-46', sizeKb: 264212084, usedKb: 24680432, availKb: 81710480, mount: '/data' }]);
  });

  it('parses busybox output where a long filesystem name wraps', () => {
    const rows = parseDf('Filesystem           1K-blocks      Used Available Use% Mounted on\n/dev/block/bootdevice/by-name/userdata\n                      52000000  12000000  40000000  23% /data\n');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ filesystem: '/dev/block/bootdevice/by-name/userdata', availKb: 40000000, mount: '/data' });
  });

  it('ignores rows it cannot read', () => {
    expect(parseDf('df: /nope: No such file or directory\n')).toEqual([]);
    expect(parseDf('')).toEqual([]);
  });
});
