/** A scriptable DeviceBridge for unit tests: device lists are pushed by the test, shell output comes from fixtures. */
import type { AdbInfo } from '../../../src/shared/devices';
import type { ShellCommand } from '../../../src/main/devices/shell-command';
import type {
  AdbDeviceEntry,
  AdbServerInfo,
  DeviceBridge,
  DeviceProcess,
  DeviceTracker,
  RemoteStat,
  ShellResult,
  TrackHandlers,
} from '../../../src/main/devices/types';

export type ShellHandler = (serial: string, command: ShellCommand) => Promise<string> | string;

export function entry(serial: string, state: AdbDeviceEntry['state'] = 'device', transportId = '1'): AdbDeviceEntry {
  return {
    serial,
    state,
    product: state === 'device' ? 'prod' : null,
    model: state === 'device' ? 'Model_X' : null,
    device: state === 'device' ? 'dev' : null,
    transportId,
    transport: /:\d+$/.test(serial) ? 'tcp' : 'usb',
  };
}

export class FakeBridge implements DeviceBridge {
  readonly serverPort = 5137;
  handlers: TrackHandlers | null = null;
  ensureServerError: Error | null = null;
  ensureServerCalls = 0;
  shellCalls: Array<{ serial: string; text: string }> = [];
  connectCalls: string[] = [];
  connectAnswer = (address: string) => `connected to ${address}`;
  closed = false;

  constructor(public onShell: ShellHandler) {}

  async ensureServer(): Promise<AdbServerInfo> {
    this.ensureServerCalls += 1;
    if (this.ensureServerError) throw this.ensureServerError;
    return { port: this.serverPort, serverVersion: 41, started: false, adbPath: null };
  }

  async info(): Promise<AdbInfo> {
    return { available: true, path: null, version: null, serverPort: this.serverPort, error: null };
  }

  async listDevices(): Promise<AdbDeviceEntry[]> {
    return [];
  }

  trackDevices(handlers: TrackHandlers): DeviceTracker {
    this.handlers = handlers;
    return { stop: async () => void (this.handlers = null) };
  }

  /** Pushes a device list as adb's track-devices would. */
  emit(list: AdbDeviceEntry[]): void {
    this.handlers?.onChange(list);
  }

  async shell(serial: string, command: ShellCommand): Promise<ShellResult> {
    this.shellCalls.push({ serial, text: command.text });
    const out = await this.onShell(serial, command);
    return { stdout: Buffer.from(out), stderr: Buffer.alloc(0), exitCode: 0 };
  }

  async spawn(): Promise<DeviceProcess> {
    throw new Error('not used');
  }
  async push(): Promise<void> {}
  async pull(): Promise<number> {
    return 0;
  }
  async stat(): Promise<RemoteStat | null> {
    return null;
  }
  async connect(address: string): Promise<string> {
    this.connectCalls.push(address);
    return this.connectAnswer(address);
  }
  async disconnect(address: string): Promise<string> {
    return `disconnected ${address}`;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}
