import type { LabErrorBody } from '../../shared/contract';

/** An error the lab means to show: its message says what was wrong and what to do. */
export class LabError extends Error {
  constructor(
    readonly code: LabErrorBody['code'],
    message: string,
    readonly issues?: LabErrorBody['issues'],
  ) {
    super(message);
    this.name = 'LabError';
  }
}

const HTTP_STATUS: Record<LabErrorBody['code'], number> = {
  'bad-request': 400,
  unauthorized: 401,
  'not-found': 404,
  unavailable: 503,
  failed: 500,
};

export function httpStatusOf(code: LabErrorBody['code']): number {
  return HTTP_STATUS[code];
}

/** What crosses the API for any thrown value: LabErrors keep their code; anything else becomes 'failed'. */
export function toErrorBody(err: unknown): LabErrorBody {
  if (err instanceof LabError) return { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'failed', message };
}
