/** Synthetic measured matrices for routing tests: planted topics with their own vocabulary and error patterns. */
import { mulberry32 } from '../../../src/shared/kit/prng';
import type { TrainingMatrix } from '../../../src/main/routing/build-profile';

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'bu', 'de', 'fi', 'go', 'ha', 'ju', 'pe'];

/** `topics` vocabularies of 30 invented words each (disjoint), prompts of 8-14 words from one topic. */
export function plantedMatrix(opts: { topics: number; perTopic: number; models: number; seed?: number; errorPattern?: (topic: number, model: number) => number }): {
  matrix: TrainingMatrix;
  topicOf: number[];
} {
  const rng = mulberry32(opts.seed ?? 7);
  const vocab: string[][] = [];
  for (let t = 0; t < opts.topics; t++) {
    const words: string[] = [];
    for (let w = 0; w < 30; w++) words.push(`${SYLLABLES[t % 16]}${SYLLABLES[w % 16]}${SYLLABLES[(w * 7 + t) % 16]}${t}x${w}`);
    vocab.push(words);
  }
  const pattern = opts.errorPattern ?? ((t: number, m: number) => (((t + m) % opts.topics) < opts.topics / 2 ? 0.9 : 0.1));
  const prompts: TrainingMatrix['prompts'] = [];
  const correctness: TrainingMatrix['correctness'] = [];
  const topicOf: number[] = [];
  for (let i = 0; i < opts.topics * opts.perTopic; i++) {
    const t = i % opts.topics;
    const len = 8 + rng.int(7);
    const words: string[] = [];
    for (let w = 0; w < len; w++) words.push(vocab[t]![rng.int(30)]!);
    prompts.push({ id: `p${i}`, text: words.join(' '), subject: `topic${t}` });
    topicOf.push(t);
    const row: (0 | 1 | null)[] = [];
    for (let m = 0; m < opts.models; m++) row.push(rng.next() < pattern(t, m) ? 1 : 0);
    correctness.push(row);
  }
  const models = Array.from({ length: opts.models }, (_, m) => ({ id: `model-${m}`, size_mb: 100 * (m + 1), capabilities: m % 2 ? ['text', 'vision'] : ['text'] }));
  return {
    matrix: {
      prompts,
      models,
      correctness,
      costs: models.map((m, j) => ({
        model_id: m.id,
        device_id: 'pixel-8',
        latency_ms: { value: 50 + 30 * j, method: 'median wall clock', samples: 20 },
        energy_j: { value: 0.5 + 0.2 * j, method: 'ODPM rail delta', samples: 20 },
      })),
      provenance: { run_ids: ['run-1'], devices: ['pixel-8'] },
    },
    topicOf,
  };
}
