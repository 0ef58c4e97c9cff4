/** Zips for the reader's tests: the kit's writer, with entries deflated here by node:zlib the way zip tools do. */
import { deflateRawSync } from 'node:zlib';
import { writeZip } from '../../../src/shared/kit/zip';

export function makeZip(entries: Array<{ name: string; data: Buffer; method?: 0 | 8 }>): Buffer {
  return Buffer.from(writeZip(entries.map((e) => ({ name: e.name, data: e.data, ...((e.method ?? 8) === 8 ? { deflated: deflateRawSync(e.data) } : {}) }))));
}
