/** Resolves on the first SIGINT or SIGTERM, so long-running commands shut down cleanly. */
export function waitForShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const done = (sig: NodeJS.Signals) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(sig);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

/**
 * Ctrl-C (or SIGTERM) during a cancellable request: the first signal calls `cancel` (through the API) once. The
 * returned `stop` removes the handlers; `interrupted()` says whether a signal came, so the command can exit with
 * 130 and a line saying it was cancelled.
 */
export function cancelOnInterrupt(what: string, cancel: () => Promise<unknown>): { stop: () => void; interrupted: () => boolean } {
  let seen = false;
  const onSignal = () => {
    if (seen) return;
    seen = true;
    process.stderr.write(`Cancelling the ${what}...\n`);
    void cancel().catch(() => {});
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stop: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
    interrupted: () => seen,
  };
}

/** After a cancelled request: says so on stderr and exits 130 (the shell's code for Ctrl-C). */
export function reportCancelled(err: unknown): void {
  process.stderr.write(`cancelled: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 130;
}
