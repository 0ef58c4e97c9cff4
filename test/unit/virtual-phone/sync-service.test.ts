import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceFs } from '../../../src/main/virtual-phone/device-fs';
import { AdbStream } from '../../../src/main/virtual-phone/streams';
import { SyncService } from '../../../src/main/virtual-phone/sync-service';

let dir: string;
let fs: DeviceFs;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vp-sync-unit-'));
  fs = new DeviceFs(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A sync stream whose host side acknowledges every WRTE and collects the bytes. */
function syncPair() {
  const received: Buffer[] = [];
  let closed = false;
  const stream: AdbStream = new AdbStream(1, 2, 1 << 20, {
    write: (_l, _r, p) => {
      received.push(Buffer.from(p));
      setImmediate(() => stream.handleOkay());
    },
    okay: () => {},
    close: () => {
      closed = true;
    },
  });
  new SyncService(stream, fs);
  const feed = async (chunks: Buffer[]) => {
    for (const c of chunks) {
      stream.handleWrite(c);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const settle = () => new Promise((r) => setTimeout(r, 50));
  return { received: () => Buffer.concat(received), feed, settle, isClosed: () => closed };
}

const req = (id: string, payload: string | Buffer) => {
  const p = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const h = Buffer.alloc(8);
  h.write(id, 0, 'latin1');
  h.writeUInt32LE(p.length, 4);
  return Buffer.concat([h, p]);
};

describe('sync service', () => {
  it('accepts a SEND split at arbitrary byte boundaries and renames into place on DONE with mode and mtime', async () => {
    const s = syncPair();
    const data = Buffer.from('x'.repeat(100_000));
    const stream = Buffer.concat([
      req('SEND', `/data/local/tmp/split.bin,${0o100755}`),
      req('DATA', data.subarray(0, 65536)),
      req('DATA', data.subarray(65536)),
      (() => {
        const d = Buffer.alloc(8);
        d.write('DONE', 0, 'latin1');
        d.writeUInt32LE(1_600_000_000, 4);
        return d;
      })(),
    ]);
    const cuts = [3, 11, 70_000, 70_001, stream.length - 2];
    const pieces = [];
    let prev = 0;
    for (const c of cuts) {
      pieces.push(stream.subarray(prev, c));
      prev = c;
    }
    pieces.push(stream.subarray(prev));
    await s.feed(pieces);
    await s.settle();
    expect(s.received().subarray(0, 4).toString(), 'OKAY after DONE').toBe('OKAY');
    const host = fs.hostPath('/data/local/tmp/split.bin');
    expect(readFileSync(host).equals(data), 'every byte arrived').toBe(true);
    const st = statSync(host);
    expect(st.mode & 0o777, 'mode from SEND').toBe(0o755);
    expect(Math.floor(st.mtimeMs / 1000), 'mtime from DONE').toBe(1_600_000_000);
  });

  it('answers STAT for missing files with zeros and LIS2 with DNT2 entries ending in DONE', async () => {
    writeFileSync(fs.hostPath('/data/local/tmp/one.txt'), 'hello');
    const s = syncPair();
    await s.feed([req('STAT', '/nope'), req('LIS2', '/data/local/tmp')]);
    await s.settle();
    const out = s.received();
    expect(out.subarray(0, 16).equals(Buffer.concat([Buffer.from('STAT'), Buffer.alloc(12)])), 'zeroed STAT').toBe(true);
    const names: string[] = [];
    let off = 16;
    for (;;) {
      const id = out.subarray(off, off + 4).toString('latin1');
      if (id === 'DONE') break;
      expect(id, 'entry id').toBe('DNT2');
      const size = Number(out.readBigUInt64LE(off + 40));
      const len = out.readUInt32LE(off + 72);
      const name = out.subarray(off + 76, off + 76 + len).toString();
      if (name === 'one.txt') expect(size, 'size field of one.txt').toBe(5);
      names.push(name);
      off += 76 + len;
    }
    expect(names.sort(), 'entries including . and ..').toEqual(['.', '..', 'one.txt', 'split.bin'].sort());
    expect(out.length - off, 'DONE closes the listing with a zeroed dent_v2').toBe(76);
  });

  it('answers RECV of a missing file with FAIL and closes on QUIT', async () => {
    const s = syncPair();
    await s.feed([req('RECV', '/data/local/tmp/missing'), req('QUIT', '')]);
    await s.settle();
    const out = s.received();
    expect(out.subarray(0, 4).toString(), 'FAIL').toBe('FAIL');
    expect(out.subarray(8).toString(), 'reason').toContain('No such file or directory');
    expect(s.isClosed(), 'QUIT closes').toBe(true);
  });
});
