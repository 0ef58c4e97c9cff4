/**
 * Tests only: with AURORA_LAB_TEST_HOLD_PHASE=choosing-k,fitting a compute job stops at the first progress it reports
 * in one of those phases and stays there until it is cancelled (cancel terminates its thread). A test that cancels
 * "during the K search" can then wait for the phase as a condition: without the hold, a K search over 1,500 prompts
 * lasts ~0.4 s, shorter than a browser test's polling interval, and the build may end before anyone sees it.
 */

/** The phase a compute job's progress message reports: a build's own, or a comparison's (wrapped in `progress`). */
function phaseOf(progress: unknown): string | undefined {
  if (typeof progress !== 'object' || progress === null) return undefined;
  const p = progress as { phase?: unknown; progress?: { phase?: unknown } };
  const phase = p.phase ?? p.progress?.phase;
  return typeof phase === 'string' ? phase : undefined;
}

/** Nothing ever notifies this word: only Worker.terminate() (a cancel) ends the wait. */
function waitForever(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

/** Called after each progress message is posted; blocks this thread for good when the message's phase is held. */
export function holdAfterProgress(env: NodeJS.ProcessEnv = process.env, wait: () => void = waitForever): (progress: unknown) => void {
  const held = new Set((env.AURORA_LAB_TEST_HOLD_PHASE ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  if (held.size === 0) return () => undefined;
  return (progress) => {
    const phase = phaseOf(progress);
    if (phase !== undefined && held.has(phase)) wait();
  };
}
