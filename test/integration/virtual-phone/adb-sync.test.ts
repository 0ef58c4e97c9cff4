import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualPhone } from '../../../src/main/virtual-phone';
import { adb, disconnectAndClose, shell, startConnectedPhone } from './adb-cli';

let phone: VirtualPhone;
let work: string;

beforeAll(async () => {
  phone = await startConnectedPhone({ vendor: 'samsung' });
  work = mkdtempSync(join(tmpdir(), 'vp-sync-'));
});

afterAll(async () => {
  await disconnectAndClose(phone);
  rmSync(work, { recursive: true, force: true });
});

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('hex');
}

describe('virtual phone sync service through the real adb client', () => {
  it('pushes and pulls 100 MB of random bytes unchanged, quickly', async () => {
    const size = 100 * 1000 * 1000;
    const local = join(work, 'big.bin');
    const chunk = randomBytes(1 << 20);
    const buf = Buffer.allocUnsafe(size);
    for (let off = 0; off < size; off += chunk.length) {
      randomBytes(16).copy(chunk, 0); // vary each MiB so misplaced chunks are caught
      chunk.copy(buf, off, 0, Math.min(chunk.length, size - off));
    }
    writeFileSync(local, buf);
    const want = await sha256File(local);

    const t0 = performance.now();
    const push = await adb(['-s', phone.address, 'push', local, '/data/local/tmp/big.bin'], { timeoutMs: 60_000 });
    const pushS = (performance.now() - t0) / 1000;
    expect(push.code, `push failed: ${push.stdout}${push.stderr}`).toBe(0);
    expect(statSync(join(phone.fsRoot, 'data/local/tmp/big.bin')).size, 'size on the phone').toBe(size);

    const back = join(work, 'back.bin');
    const t1 = performance.now();
    const pull = await adb(['-s', phone.address, 'pull', '/data/local/tmp/big.bin', back], { timeoutMs: 60_000 });
    const pullS = (performance.now() - t1) / 1000;
    expect(pull.code, `pull failed: ${pull.stdout}${pull.stderr}`).toBe(0);
    expect(await sha256File(back), 'pulled bytes equal the original').toBe(want);

    const remote = await shell(phone, 'sha256sum /data/local/tmp/big.bin');
    expect(remote.stdout, 'sha256sum on the phone').toBe(`${want}  /data/local/tmp/big.bin\n`);

    console.log(`[virtual-phone] 100 MB push ${(100 / pushS).toFixed(0)} MB/s, pull ${(100 / pullS).toFixed(0)} MB/s`);
    expect(pushS + pullS, 'push + pull of 100 MB stays under 20 s').toBeLessThan(20);
  });

  it('keeps mode and mtime on push and stages the file until DONE', async () => {
    const local = join(work, 'tool.sh');
    writeFileSync(local, '#!/bin/sh\necho tool\n');
    const { chmodSync, utimesSync } = await import('node:fs');
    chmodSync(local, 0o750);
    utimesSync(local, 1_700_000_000, 1_700_000_000);
    expect((await adb(['-s', phone.address, 'push', '-a', local, '/data/local/tmp/tools/tool.sh'])).code, 'push -a').toBe(0);
    const st = await shell(phone, "stat -c '%a %Y %s' /data/local/tmp/tools/tool.sh");
    expect(st.stdout, 'mode 750, mtime kept, size').toBe(`750 1700000000 ${readFileSync(local).length}\n`);
    expect((await shell(phone, '/data/local/tmp/tools/tool.sh')).stdout, 'pushed script runs').toBe('tool\n');
  });

  it('lists the same entries through adb ls (LIST) as through ls -a, with matching sizes', async () => {
    await shell(phone, 'mkdir -p /data/local/tmp/listing/sub && echo abc > /data/local/tmp/listing/a.txt && echo hello > /data/local/tmp/listing/.hidden');
    const viaSync = await adb(['-s', phone.address, 'ls', '/data/local/tmp/listing']);
    const viaShell = await shell(phone, 'ls -a /data/local/tmp/listing');
    const syncRows = viaSync.stdout.trim().split('\n').map((l) => l.split(' '));
    const syncNames = syncRows.map((r) => r[3]).sort();
    const shellNames = viaShell.stdout.trim().split('\n').sort();
    expect(syncNames, 'same names').toEqual(shellNames);
    expect(syncNames, 'expected entries').toEqual(['.', '..', '.hidden', 'a.txt', 'sub']);
    const a = syncRows.find((r) => r[3] === 'a.txt')!;
    expect(parseInt(a[1]!, 16), 'size of a.txt via LIST').toBe(4);
    expect(parseInt(a[0]!, 16) & 0o170000, 'a.txt is a regular file').toBe(0o100000);
  });

  it('fails cleanly for missing files and rejects paths outside the tree', async () => {
    const r = await adb(['-s', phone.address, 'pull', '/data/local/tmp/nope.bin', join(work, 'nope')]);
    expect(r.code, 'pull of a missing file fails').not.toBe(0);
    expect(r.stdout + r.stderr, 'error message').toMatch(/No such file or directory|does not exist/);
    const escape = await adb(['-s', phone.address, 'pull', '/../../../../../../etc/hostname', join(work, 'h')]);
    expect(escape.code, '/.. is clamped to the device root, whose /etc/hostname does not exist').not.toBe(0);
  });
});
