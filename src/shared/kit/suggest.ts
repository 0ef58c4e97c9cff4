/** "Did you mean ...?" for a mistyped name (a model id, an MMLU subject): the closest known names by edit distance. */

/** Levenshtein distance (insert, delete, substitute: 1 each), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length]!;
}

/**
 * The known names closest to `word`, best first (at most `max`): those within a third of the longer name's length,
 * plus names that contain the word or are contained in it (`qwen` -> `qwen-600m`, `qwen-1.7b`).
 */
export function closest(word: string, known: readonly string[], max = 3): string[] {
  const w = word.toLowerCase();
  const scored = known
    .map((k) => {
      const d = editDistance(w, k);
      const contains = w.length >= 3 && (k.toLowerCase().includes(w) || w.includes(k.toLowerCase()));
      return { k, d: contains ? Math.min(d, 1.5) : d, ok: contains || d <= Math.max(1, Math.floor(Math.max(w.length, k.length) / 3)) };
    })
    .filter((s) => s.ok && s.k !== word)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k));
  return scored.slice(0, max).map((s) => s.k);
}

/** ` Did you mean "qwen-600m"?` / ` Did you mean "a" or "b"?`, or '' when nothing is close. */
export function didYouMean(word: string, known: readonly string[], max = 3): string {
  const c = closest(word, known, max).map((k) => `"${k}"`);
  if (c.length === 0) return '';
  return ` Did you mean ${c.length === 1 ? c[0] : `${c.slice(0, -1).join(', ')} or ${c.at(-1)}`}?`;
}
