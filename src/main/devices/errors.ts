/**
 * Errors the device layer raises. Each has a stable `code` so the API layer can map it to a LabErrorBody
 * without matching on message text, and a message a person can act on.
 */

export type DeviceErrorCode =
  | 'adb-not-found'
  | 'adb-port-in-use'
  | 'adb-server-failed'
  | 'device-not-found'
  | 'device-offline'
  | 'shell-timeout'
  | 'parse-error'
  | 'invalid-command'
  | 'transfer-failed';

export class DeviceError extends Error {
  constructor(
    readonly code: DeviceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeviceError';
  }
}

/** Text from a phone that a parser could not make sense of. `what` names the source (e.g. "dumpsys battery"). */
export class ParseError extends DeviceError {
  constructor(
    readonly what: string,
    detail: string,
  ) {
    super('parse-error', `Could not parse ${what}: ${detail}`);
    this.name = 'ParseError';
  }
}

export const ADB_NOT_FOUND_MESSAGE =
  'adb was not found. Install Android platform-tools (https://developer.android.com/tools/releases/platform-tools) ' +
  'or `apt-get install adb`, or set the ADB path in Settings / the ADB env var';

export function adbPortInUseMessage(port: number): string {
  const other = port === 5037 ? 5038 : port + 1;
  return (
    `Port ${port} is taken by a program that is not an adb server, so the lab cannot use or start adb there. ` +
    `Stop that program, or pick another port for adb: set ANDROID_ADB_SERVER_PORT (e.g. ANDROID_ADB_SERVER_PORT=${other}) ` +
    'before starting the lab, and use the same value for your own adb commands.'
  );
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
