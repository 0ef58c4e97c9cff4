/**
 * The kit's zip writer read back by Python's zipfile (a reader we did not write: it checks every CRC and the central
 * directory) and by node:zlib's CRC-32.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32Of, writeZip } from '../../../../src/shared/kit/zip';
import { tempDir } from '../../../helpers/temp-dir';

const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : null;

describe('writeZip', () => {
  it('computes the same CRC-32 as zlib', () => {
    for (const s of ['', 'a', 'The quick brown fox', '\u00e9\u00e8\u4e2d'.repeat(300)]) expect(crc32Of(new TextEncoder().encode(s))).toBe(crc32(s) >>> 0);
  });

  it.skipIf(!python)('writes an archive Python\'s zipfile reads byte for byte (stored and deflated entries, UTF-8 names)', () => {
    const d = tempDir('aurora-kitzip-');
    try {
      const png = new Uint8Array(70_000).map((_, i) => (i * 7919) % 251);
      const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg">SIMULATED</svg>'.repeat(40));
      const zip = writeZip([
        { name: 'pareto-energy.png', data: png },
        { name: 'size / é group/strategy-comparison.svg', data: svg, deflated: deflateRawSync(svg) },
        { name: 'empty.txt', data: new Uint8Array(0) },
      ]);
      const file = join(d.path, 'charts.zip');
      writeFileSync(file, zip);
      const script = 'import sys,zipfile,hashlib,json\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps([[i.filename,i.compress_type,hashlib.sha256(z.read(i)).hexdigest()] for i in z.infolist()]))';
      const got = JSON.parse(execFileSync(python!, ['-c', script, file], { encoding: 'utf8' })) as Array<[string, number, string]>;
      const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
      expect(got).toEqual([
        ['pareto-energy.png', 0, hash(png)],
        ['size / é group/strategy-comparison.svg', 8, hash(svg)],
        ['empty.txt', 0, hash(new Uint8Array(0))],
      ]);
    } finally {
      d.cleanup();
    }
  });
});
