import type { LabErrorBody } from '../../shared/contract';

/**
 * An error the lab means to show: its message says what was wrong and what to do (naming the CLI command or the
 * field to change, never an API method). Domain modules throw their own errors or this; src/main/api/error-map.ts
 * turns every other error into one at the API.
 */
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

/** A bad request about one field: `path: message`, with the field in `issues`. */
export function badField(path: string, message: string): LabError {
  return new LabError('bad-request', `${path}: ${message}`, [{ path, message }]);
}
