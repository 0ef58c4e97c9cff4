/**
 * Errors of the measuring path (runner artifacts, models, deployment, the runner session, conditions). Each has a
 * stable code a caller can act on and a message that says what happened and what to do.
 */
export type RunnerErrorCode =
  | 'runner-missing'
  | 'cactus-unsupported'
  | 'model-not-found'
  | 'model-corrupt'
  | 'insufficient-storage'
  | 'deploy-failed'
  | 'runner-init-failed'
  | 'runner-crashed'
  | 'device-disconnected'
  | 'timeout'
  | 'request-failed'
  | 'charging'
  | 'no-energy-source'
  | 'calibration-failed'
  | 'cancelled'
  | 'download-failed';

export class RunnerError extends Error {
  constructor(
    readonly code: RunnerErrorCode,
    message: string,
    readonly detail: { exitCode?: number | null; stderrTail?: string; cause?: unknown } = {},
  ) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause });
    this.name = 'RunnerError';
  }
}
