/**
 * A stored quick run of synthetic, topic-shaped prompts x models on one (virtual) device, written straight into a
 * lab's database through the run repository: big enough that a router profile build or a comparison takes a while
 * (to watch it, cancel it, or time the event loop meanwhile). Every row is flagged simulated.
 */
import { RunRepository } from '../../src/main/runs/repository';
import type { Db } from '../../src/main/store/database';
import { mulberry32 } from '../../src/shared/kit/prng';

const TOPICS = [
  ['cell', 'protein', 'enzyme', 'membrane', 'gene', 'mitochondria'],
  ['integral', 'matrix', 'vector', 'derivative', 'polynomial', 'eigenvalue'],
  ['contract', 'statute', 'court', 'plaintiff', 'liability', 'tort'],
  ['market', 'inflation', 'demand', 'supply', 'tariff', 'monetary'],
  ['voltage', 'current', 'resistor', 'magnetic', 'circuit', 'capacitor'],
  ['empire', 'treaty', 'dynasty', 'revolution', 'colonial', 'monarch'],
];

/** Real catalogue models (their sizes are known to the lab). */
export const SYNTHETIC_MODELS = ['gemma-270m', 'qwen-600m', 'qwen-1.7b'];

export function storeSyntheticRun(db: Db, runId: string, prompts: number, models: readonly string[] = SYNTHETIC_MODELS): void {
  const runs = new RunRepository(db);
  runs.createRun({ id: runId, kind: 'quick', serial: 'emulator-5554', deviceModel: 'Virtual Pixel', fingerprint: 'fp', androidRelease: '14', sdk: 34, modelIds: [...models], energyMethod: 'odpm', sampleHz: 5, chargingState: 'discharging', screenState: 'on', batteryLevel: 90, tempStartC: 30, thermalStatusStart: 0, simulated: true, options: {} });
  const ids = runs.createRunModels(runId, models, true, 'done');
  const rand = mulberry32(7).next;
  db.transaction(() => {
    for (let p = 0; p < prompts; p++) {
      const topic = p % TOPICS.length;
      const words = Array.from({ length: 8 }, () => TOPICS[topic]![Math.floor(rand() * 6)]!).join(' ');
      const text = `Question ${p} about ${words}: which of the following is right?`;
      models.forEach((modelId, m) => {
        const total = 200 + rand() * 2000;
        runs.commitPrompt(
          {
            runId, runModelId: ids[m]!, modelId, index: p * models.length + m, promptId: `synthetic/${topic}/${p}`, prompt: text, ok: true, error: null,
            tStartMs: p * 3000, tEndMs: p * 3000 + total, ttftMs: total * 0.2, prefillTps: 300, decodeTps: 20, totalMs: total, prefillTokens: 40, outputTokens: 8,
            peakRamMb: 600, energyJ: total / 1000, netEnergyJ: total / 2000, avgPowerW: 3, energyPerTokenJ: total / 8000, energy: { method: 'odpm', sampleHz: 5, sampleCount: 10, updates: 10, resolutionNote: null },
            tempStartC: 31, tempEndC: 31.2, thermalStatus: 0, throttled: false, response: 'The answer is B.', extracted: 'B',
            correct: rand() < 0.3 + 0.2 * m + (topic % 2 === m % 2 ? 0.2 : 0), simulated: true, rawJson: '{"type":"result"}', rep: 0, subject: `topic_${topic}`, answer: 'B', unparsable: false,
          },
          [],
        );
      });
    }
  })();
  runs.setStatus(runId, 'done', null);
}
