/**
 * Reads an API request body within a size limit. A body over the limit is still read to its end (and thrown
 * away) up to a hard cap, so that the client, which is busy sending, then reads a 413 with a message instead
 * of a connection reset. Only a body past the hard cap ends the connection early.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { ok: true; text: string }
  | { ok: false; size: number; limit: number; /** The client is still sending: close after answering. */ truncated: boolean };

export function readLimitedBody(req: IncomingMessage, limit: number, hardCap = Math.max(limit * 2, 8 * 1024 * 1024)): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > hardCap) {
    return Promise.resolve({ ok: false, size: declared, limit, truncated: true });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
      else if (size > hardCap) {
        req.off('data', onData);
        req.pause();
        resolve({ ok: false, size, limit, truncated: true });
      }
    };
    req.on('data', onData);
    req.on('end', () => resolve(size <= limit ? { ok: true, text: Buffer.concat(chunks).toString('utf8') } : { ok: false, size, limit, truncated: false }));
    req.on('error', reject);
  });
}

export function tooLargeMessage(r: { size: number; limit: number }): string {
  return `The request body is ${r.size} bytes, above the ${r.limit}-byte limit of this lab server. Send a smaller request (a profile file can be imported with \`aurora-lab profiles import FILE\`).`;
}
