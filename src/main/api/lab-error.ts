import type { LabErrorBody } from '../../shared/contract';
import { DatasetError, type DatasetErrorCode } from '../datasets/errors';
import { DeviceError, type DeviceErrorCode } from '../devices/errors';

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

/** Domain errors keep their own precise codes; at the API they become the code a client acts on. */
const DEVICE_CODES: Record<DeviceErrorCode, LabErrorBody['code']> = {
  'adb-not-found': 'unavailable',
  'adb-port-in-use': 'unavailable',
  'adb-server-failed': 'unavailable',
  'device-not-found': 'not-found',
  'device-offline': 'unavailable',
  'shell-timeout': 'failed',
  'parse-error': 'failed',
  'invalid-command': 'bad-request',
  'transfer-failed': 'failed',
};

const DATASET_CODES: Record<DatasetErrorCode, LabErrorBody['code']> = {
  'not-found': 'not-found',
  'parse-error': 'bad-request',
  encoding: 'bad-request',
  empty: 'bad-request',
  'invalid-option': 'bad-request',
  'sample-too-large': 'bad-request',
  'download-failed': 'unavailable',
  'checksum-mismatch': 'failed',
  'not-downloaded': 'unavailable',
};

/** What crosses the API for any thrown value: LabErrors keep their code; anything else becomes 'failed'. */
export function toErrorBody(err: unknown): LabErrorBody {
  if (err instanceof LabError) return { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) };
  if (err instanceof DeviceError) return { code: DEVICE_CODES[err.code] ?? 'failed', message: err.message };
  if (err instanceof DatasetError) return { code: DATASET_CODES[err.code] ?? 'failed', message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'failed', message };
}
