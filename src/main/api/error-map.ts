/**
 * The one place domain errors become API errors: every domain keeps its own precise codes (DeviceError,
 * DatasetError, RunnerError, RoutingError, RowError); at the API they become the code a client acts on. Dispatch
 * maps whatever a handler throws, so IPC, HTTP and the CLI see the same error for the same failure.
 */
import type { LabErrorBody } from '../../shared/contract';
import { DatasetError, type DatasetErrorCode } from '../datasets/errors';
import { DeviceError, type DeviceErrorCode } from '../devices/errors';
import { RoutingError } from '../routing/errors';
import { RunnerError, type RunnerErrorCode } from '../runner/errors';
import { RowError } from '../store/rows';
import { databaseLocked, databaseLockedMessage, diskFullMessage, storageFault } from '../store/storage-fault';
import { LabError } from './lab-error';

type Code = LabErrorBody['code'];

const HTTP_STATUS: Record<Code, number> = {
  'bad-request': 400,
  unauthorized: 401,
  'not-found': 404,
  unavailable: 503,
  failed: 500,
};

export function httpStatusOf(code: Code): number {
  return HTTP_STATUS[code];
}

const DEVICE_CODES: Record<DeviceErrorCode, Code> = {
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

const DATASET_CODES: Record<DatasetErrorCode, Code> = {
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

const RUNNER_CODES: Record<RunnerErrorCode, Code> = {
  'runner-missing': 'unavailable',
  'cactus-unsupported': 'bad-request',
  'model-not-found': 'not-found',
  'model-corrupt': 'failed',
  'insufficient-storage': 'unavailable',
  'deploy-failed': 'failed',
  'runner-init-failed': 'failed',
  'runner-crashed': 'failed',
  'device-disconnected': 'unavailable',
  timeout: 'failed',
  'request-failed': 'failed',
  charging: 'unavailable',
  'no-energy-source': 'unavailable',
  'calibration-failed': 'failed',
  cancelled: 'failed',
  'download-failed': 'unavailable',
};

/** Any thrown value as a LabError (LabErrors as they are). */
export function toLabError(err: unknown): LabError {
  if (err instanceof LabError) return err;
  // A full disk says so, wherever it happened (campaigns add the resume command themselves: campaigns/fence.ts).
  const full = storageFault(err, 'the lab database');
  if (full) return new LabError('unavailable', diskFullMessage(full, 'try again'));
  if (databaseLocked(err)) return new LabError('unavailable', databaseLockedMessage());
  if (err instanceof DeviceError) return new LabError(DEVICE_CODES[err.code], err.message);
  if (err instanceof DatasetError) return new LabError(DATASET_CODES[err.code], err.message);
  if (err instanceof RunnerError) return new LabError(RUNNER_CODES[err.code], err.message);
  // Every routing error is about what was given (the file, the matrix, the embedding, the filters): the field is named.
  if (err instanceof RoutingError) {
    return new LabError('bad-request', err.message, err.issues.length > 0 ? err.issues.map((i) => ({ path: i.path || '(document)', message: i.message })) : undefined);
  }
  if (err instanceof RowError) return new LabError('failed', err.message);
  return new LabError('failed', err instanceof Error ? err.message : String(err));
}

/** What crosses the API for any thrown value. */
export function toErrorBody(err: unknown): LabErrorBody {
  const e = toLabError(err);
  return { code: e.code, message: e.message, ...(e.issues ? { issues: e.issues } : {}) };
}
