/**
 * Where a campaign's time goes, for the overhead bench. Per prompt, the turnaround between one prompt's end on the
 * phone and the next one's start, cut at the host's stamps: result line parsed, result stored, next request
 * written (with lookahead it was written long before), next engine start. Per model, the time of each setup phase
 * and what of it the phone itself spent (model load, warm-up prompts). The virtual phone's boot clock is the host's
 * clock minus its boot epoch, so phone and host stamps compare directly. Requests of a session are numbered 1, 2,
 * ... by RunnerSession and only `complete` requests are sent while measuring, so a request's number is its id.
 */
import type { CampaignProgress } from '../../src/shared/api/campaigns';
import type { ResultMessage } from '../../src/main/runner/protocol';
import type { RunnerSession } from '../../src/main/runner/session';
import { median, percentile } from '../measure/_phone';

const now = (): number => performance.timeOrigin + performance.now();

interface Stamps {
  written: number;
  recv?: number;
  stored?: number;
  tStart?: number;
  tEnd?: number;
}

interface SessionStamps {
  loadMs: number;
  requests: Stamps[];
  /** Index in `requests` of the first measured prompt (the ones before are warm-ups). */
  firstPrompt: number | null;
}

export class TurnaroundProfile {
  readonly #sessions: SessionStamps[] = [];
  readonly #phases = new Map<string, number>();
  #phase: { name: string; at: number } | null = null;

  constructor(private readonly bootEpochMs: number) {}

  /** The campaign hooks that stamp each request. */
  hooks() {
    return {
      onSession: (s: RunnerSession) => {
        const st: SessionStamps = { loadMs: s.ready?.load_ms ?? 0, requests: [], firstPrompt: null };
        this.#sessions.push(st);
        const request = s.request.bind(s);
        s.request = (...args: Parameters<RunnerSession['request']>) => {
          st.requests.push({ written: now() });
          return request(...args);
        };
        s.on('message', (m) => {
          if (m.type !== 'result') return;
          const r = m as ResultMessage;
          const x = typeof r.id === 'number' ? st.requests[r.id - 1] : undefined;
          if (x) Object.assign(x, { recv: now(), tStart: r.t_start_ms + this.bootEpochMs, tEnd: r.t_end_ms + this.bootEpochMs });
        });
      },
      onPromptSent: () => {
        const st = this.#sessions.at(-1);
        // Warm-ups are answered before the first prompt is written; prompts (one or more written by now) are not.
        if (st && st.firstPrompt === null) st.firstPrompt = st.requests.filter((r) => r.recv !== undefined).length;
      },
      onStored: () => {
        const x = this.#sessions.flatMap((st) => st.requests.slice(st.firstPrompt ?? st.requests.length)).find((r) => r.recv !== undefined && r.stored === undefined);
        if (x) x.stored = now();
      },
    };
  }

  /** Feeds the per-device phase of every progress event (progressThrottleMs 0). */
  onProgress(p: CampaignProgress): void {
    const phase = p.devices[0]?.phase;
    if (!phase || this.#phase?.name === phase) return;
    const t = now();
    if (this.#phase) this.#phases.set(this.#phase.name, (this.#phases.get(this.#phase.name) ?? 0) + t - this.#phase.at);
    this.#phase = { name: phase, at: t };
  }

  end(): void {
    this.onProgress({ devices: [{ phase: '(end)' }] } as unknown as CampaignProgress);
  }

  report() {
    const acc = { gap: [] as number[], up: [] as number[], store: [] as number[], host: [] as number[], aheadOfStart: [] as number[] };
    let phaseWall = 0;
    let warmupOnDevice = 0;
    let loadOnDevice = 0;
    for (const st of this.#sessions) {
      loadOnDevice += st.loadMs;
      const first = st.firstPrompt ?? st.requests.length;
      for (const w of st.requests.slice(0, first)) if (w.tEnd !== undefined) warmupOnDevice += w.tEnd - w.tStart!;
      const prompts = st.requests.slice(first).filter((x) => x.recv !== undefined);
      const last = prompts.findLast((x) => x.stored !== undefined);
      // First prompt written .. last result stored, per session: the prompt phase on the host's clock.
      if (prompts[0] && last) phaseWall += last.stored! - prompts[0].written;
      for (let i = 0; i < prompts.length; i++) {
        const a = prompts[i]!;
        acc.up.push(a.recv! - a.tEnd!);
        if (a.stored !== undefined) acc.store.push(a.stored - a.recv!);
        const b = prompts[i + 1];
        if (!b) continue;
        acc.gap.push(b.tStart! - a.tEnd!);
        acc.host.push(b.written - a.recv!);
        acc.aheadOfStart.push(b.tStart! - b.written);
      }
    }
    const fig = (xs: number[]) => ({ median: +median(xs).toFixed(2), p90: +percentile(xs, 0.9).toFixed(2), n: xs.length });
    return {
      prompt_phase_wall_ms: Math.round(phaseWall),
      turnaround_ms: {
        on_device_gap: fig(acc.gap),
        engine_end_to_result_parsed: fig(acc.up),
        // Negative when pipelined: the next request was written that long before this result was read.
        result_parsed_to_next_written: fig(acc.host),
        next_written_to_engine_start: fig(acc.aheadOfStart),
        result_parsed_to_stored: fig(acc.store),
      },
      setup_phase_ms: Object.fromEntries([...this.#phases].map(([k, v]) => [k, Math.round(v)])),
      setup_on_device_ms: { model_load: Math.round(loadOnDevice), warmups: Math.round(warmupOnDevice) },
    };
  }
}
