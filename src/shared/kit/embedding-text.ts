/**
 * A prompt's embedding as a person gives it (the CLI's --embedding FILE.json, the Profiles page's paste or upload):
 * a JSON array of numbers, an object with `embedding` or `vector`, or plain numbers separated by commas or spaces.
 */
export type ParsedEmbedding = { ok: true; vector: number[] } | { ok: false; error: string };

export function parseEmbeddingText(text: string): ParsedEmbedding {
  const t = text.trim();
  if (t === '') return { ok: false, error: 'no numbers given' };
  let doc: unknown;
  if (/^[[{]/.test(t)) {
    try {
      doc = JSON.parse(t);
    } catch (err) {
      return { ok: false, error: `not JSON (${err instanceof Error ? err.message : String(err)})` };
    }
  } else {
    const parts = t.split(/[\s,]+/).filter(Boolean);
    const bad = parts.findIndex((p) => !Number.isFinite(Number(p)));
    if (bad >= 0) return { ok: false, error: `value ${bad + 1} ("${parts[bad]!.slice(0, 40)}") is not a number` };
    return { ok: true, vector: parts.map(Number) };
  }
  let field = '(document)';
  let v: unknown = doc;
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    field = 'embedding' in doc ? 'embedding' : 'vector';
    v = Reflect.get(doc, field);
  }
  if (!Array.isArray(v)) return { ok: false, error: `${field}: expected an array of numbers (or {"embedding": [...]})` };
  const bad = v.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  if (bad >= 0) return { ok: false, error: `${field}[${bad}]: expected a finite number, got ${JSON.stringify(v[bad])}` };
  return { ok: true, vector: v as number[] };
}
