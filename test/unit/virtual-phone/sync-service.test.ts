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

/** Polls `cond` until it holds (the service works through real file I/O, so no fixed delay is long enough). */
async function until(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A sync stream whose host side acknowledges every WRTE and collects the bytes. */
function syncPair() {
  const received: Buffer[] = [];
  let closed = false;
  let okays = 0;
  let fed = 0;
  const stream: AdbStream = new AdbStream(1, 2, 1 << 20, {
    write: (_l, _r, p) => {
      received.push(Buffer.from(p));
      setImmediate(() => stream.handleOkay());
    },
    okay: () => {
      okays++;
    },
    close: () => {
      closed = true;
    },
  });
  new SyncService(stream, fs);
  const out = () => Buffer.concat(received);
  return {
    received: out,
    /** Every piece at once, without waiting for OKAYs (a host that does not wait, or delayed acks). */
    feedAtOnce: (chunks: Buffer[]) => {
      for (const c of chunks) stream.handleWrite(c);
      fed += chunks.length;
    },
    /** One piece per OKAY, as adb's host does without delayed acks. */
    feedFlowControlled: async (chunks: Buffer[]) => {
      for (const c of chunks) {
        stream.handleWrite(c);
        fed++;
        await until(() => okays === fed, `the OKAY of piece ${fed}`);
      }
    },
    /** Every piece handled (its OKAY sent) and `bytes` of reply received. */
    settle: (bytes: number) => until(() => okays === fed && out().length >= bytes, `${bytes} reply bytes`),
    isClosed: () => closed,
  };
}

const req = (id: string, payload: string | Buffer) => {
  const p = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const h = Buffer.alloc(8);
  h.write(id, 0, 'latin1');
  h.writeUInt32LE(p.length, 4);
  return Buffer.concat([h, p]);
};

describe('sync service', () => {
  /** SEND + two DATA + DONE(mtime) of `data` to `path`, cut at the given offsets. */
  function pushPieces(path: string, data: Buffer, cuts: (total: number) => number[]): Buffer[] {
    const done = Buffer.alloc(8);
    done.write('DONE', 0, 'latin1');
    done.writeUInt32LE(1_600_000_000, 4);
    const all = Buffer.concat([req('SEND', `${path},${0o100755}`), req('DATA', data.subarray(0, 65536)), req('DATA', data.subarray(65536)), done]);
    const pieces: Buffer[] = [];
    let prev = 0;
    for (const c of cuts(all.length)) {
      pieces.push(all.subarray(prev, c));
      prev = c;
    }
    pieces.push(all.subarray(prev));
    return pieces;
  }

  async function expectPushed(s: ReturnType<typeof syncPair>, path: string, data: Buffer): Promise<void> {
    await s.settle(8);
    expect(s.received().subarray(0, 4).toString(), 'OKAY after DONE').toBe('OKAY');
    const host = fs.hostPath(path);
    expect(readFileSync(host).equals(data), 'every byte arrived').toBe(true);
    const st = statSync(host);
    expect(st.mode & 0o777, 'mode from SEND').toBe(0o755);
    expect(Math.floor(st.mtimeMs / 1000), 'mtime from DONE').toBe(1_600_000_000);
  }

  it('accepts a SEND split at arbitrary byte boundaries and renames into place on DONE with mode and mtime', async () => {
    const s = syncPair();
    const data = Buffer.from('x'.repeat(100_000));
    await s.feedFlowControlled(pushPieces('/data/local/tmp/split.bin', data, (n) => [3, 11, 70_000, 70_001, n - 2]));
    await expectPushed(s, '/data/local/tmp/split.bin', data);
  });

  it('keeps every byte of a split SEND whose pieces arrive before their OKAYs (SEND still opening its file)', async () => {
    const s = syncPair();
    const data = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 31) & 0xff));
    // Cuts inside the SEND header, right after it, inside both DATA headers and inside DONE.
    s.feedAtOnce(pushPieces('/data/local/tmp/racy.bin', data, (n) => [5, 8 + 30, 8 + 30 + 3, 8 + 30 + 8 + 65536 + 4, 90_000, n - 3]));
    await expectPushed(s, '/data/local/tmp/racy.bin', data);
  });

  it('answers STAT for missing files with zeros and LIS2 with DNT2 entries ending in DONE', async () => {
    writeFileSync(fs.hostPath('/data/local/tmp/one.txt'), 'hello');
    const s = syncPair();
    s.feedAtOnce([req('STAT', '/nope'), req('LIS2', '/data/local/tmp')]);
    // The zeroed STAT (16 bytes), then a listing ending in DONE + a zeroed dent_v2 (76 bytes).
    await until(() => s.received().length > 16 + 76 && s.received().subarray(-76).readUInt32LE(0) === Buffer.from('DONE').readUInt32LE(0), 'the listing');
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
    expect(names.sort(), 'entries including . and ..').toEqual(['.', '..', 'one.txt', 'racy.bin', 'split.bin'].sort());
    expect(out.length - off, 'DONE closes the listing with a zeroed dent_v2').toBe(76);
  });

  it('answers RECV of a missing file with FAIL and closes on QUIT', async () => {
    const s = syncPair();
    s.feedAtOnce([req('RECV', '/data/local/tmp/missing'), req('QUIT', '')]);
    await until(() => s.isClosed(), 'QUIT to close the stream');
    const out = s.received();
    expect(out.subarray(0, 4).toString(), 'FAIL').toBe('FAIL');
    expect(out.subarray(8).toString(), 'reason').toContain('No such file or directory');
    expect(s.isClosed(), 'QUIT closes').toBe(true);
  });
});
