/**
 * FNV-1a 32-bit over the UTF-8 bytes of a string: offset basis 0x811C9DC5, prime 0x01000193, result uint32.
 * Reference values: fnv1a32('') = 0x811C9DC5, fnv1a32('a') = 0xE40C292C, fnv1a32('foobar') = 0xBF9CF968.
 */

const encoder = new TextEncoder();

export const FNV1A32_OFFSET = 0x811c9dc5;
export const FNV1A32_PRIME = 0x01000193;

export function fnv1a32Bytes(bytes: Uint8Array, h: number = FNV1A32_OFFSET): number {
  let x = h >>> 0;
  for (let i = 0; i < bytes.length; i++) x = Math.imul(x ^ bytes[i]!, FNV1A32_PRIME);
  return x >>> 0;
}

/**
 * Hash of a string's UTF-8 encoding. Code points below U+0080 (the common case) are hashed without
 * allocating; anything else is encoded with TextEncoder (lone surrogates become U+FFFD, as TextEncoder does).
 */
export function fnv1a32(s: string): number {
  let x = FNV1A32_OFFSET;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return fnv1a32Bytes(encoder.encode(s));
    x = Math.imul(x ^ c, FNV1A32_PRIME);
  }
  return x >>> 0;
}
