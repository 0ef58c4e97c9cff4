/**
 * The composition root of the lab core: one database, one device manager, the API handlers and the event bus.
 * The Electron app, `aurora-lab serve` and every CLI command create a Lab; none of this imports Electron.
 */
import type { LabHandlers } from '../../shared/contract';
import { openDatabase, schemaVersion, type Db } from '../store/database';
import { DeviceRepository } from '../store/device-repository';
import { AdbBridge } from '../devices/adb-bridge';
import { DeviceManager } from '../devices/device-manager';
import { LabError } from '../api/lab-error';
import { captureForLab } from '../devices/capture/service';
import { databasePath, labHome } from './lab-home';
import { LabEventBus } from './typed-emitter';
import { labVersion } from './version';
import { RunService } from '../runs/run-service';
import { createCampaignsHandlers } from './handlers/campaigns';
import { createCompareHandlers } from './handlers/compare';
import { createProfilesHandlers } from './handlers/profiles';
import { createSettingsHandlers } from './handlers/settings';
import type { SecretStore } from '../settings/secret-store';
import { SettingsService } from '../settings/settings-service';

export interface LabOptions {
  /** Lab home folder; default AURORA_LAB_HOME or the OS's per-user app-data folder. */
  home?: string;
  /** adb executable; default the ADB env var, then `adb` on PATH. */
  adbPath?: string;
  /** Which client serves the lab, reported by lab.info. */
  host: 'electron' | 'http' | 'cli';
  /** Live status poll period per device. */
  pollIntervalMs?: number;
  /** Where API keys are kept (Electron: safeStorage); default: read-only from the environment. */
  secrets?: SecretStore;
}

export class Lab {
  readonly home: string;
  readonly db: Db;
  readonly events = new LabEventBus();
  readonly bridge: AdbBridge;
  readonly devices: DeviceManager;
  readonly handlers: LabHandlers;
  /** Measured runs (Quick profile). */
  readonly runs: RunService;
  private started = false;

  constructor(readonly options: LabOptions) {
    this.home = options.home ?? labHome();
    this.db = openDatabase(databasePath(this.home));
    // Explicit options and the ADB env var win over what the Settings page stored (read once, at start).
    const stored = new SettingsService({ db: this.db }).settings();
    this.bridge = new AdbBridge({ adbPath: options.adbPath ?? process.env.ADB ?? stored.adbPath ?? undefined });
    this.devices = new DeviceManager({
      bridge: this.bridge,
      repository: new DeviceRepository(this.db),
      pollIntervalMs: options.pollIntervalMs ?? stored.pollIntervalMs,
    });
    this.devices.on('changed', (list) => this.events.emit('devices.changed', list));
    this.devices.on('status', (status) => this.events.emit('devices.status', status));
    this.runs = new RunService({
      db: this.db,
      bridge: this.bridge,
      devices: this.devices,
      home: this.home,
      onProgress: (p) => this.events.emit('runs.progress', p),
      onResult: (r) => this.events.emit('runs.result', r),
    });
    this.handlers = this.createHandlers();
  }

  /** Connects to the adb server and starts tracking devices. A missing adb does not stop the lab: info says why. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.devices.start();
  }

  async close(): Promise<void> {
    await this.runs.close();
    await this.devices.stop();
    this.db.close();
  }

  private device(serial: string) {
    const d = this.devices.get(serial);
    if (!d) throw new LabError('not-found', `No device "${serial}" is known to the lab. Run \`aurora-lab devices\` to see the list.`);
    return d;
  }

  private createHandlers(): LabHandlers {
    return {
      lab: {
        info: async () => ({
          version: labVersion(),
          labHome: this.home,
          databasePath: databasePath(this.home),
          schemaVersion: schemaVersion(this.db),
          adb: await this.bridge.info(),
          host: this.options.host === 'electron' ? 'electron' : 'http',
        }),
      },
      devices: {
        list: async () => this.devices.list(),
        get: async ({ serial }) => this.device(serial),
        history: async ({ serial, sinceMs, limit }) => {
          this.device(serial);
          return this.devices.history(serial, sinceMs, limit);
        },
        connect: async ({ address }) => this.devices.connect(address),
        disconnect: async ({ address }) => this.devices.disconnect(address),
        reprobe: async ({ serial }) => {
          this.device(serial);
          return this.devices.reprobe(serial);
        },
        capture: async (req) => captureForLab({ shell: this.bridge, device: (s) => this.devices.get(s) ?? null, home: this.home, labVersion: labVersion() }, req),
      },
      runs: this.runs.handlers(),
      campaigns: createCampaignsHandlers(this),
      profiles: createProfilesHandlers(this),
      compare: createCompareHandlers(this),
      settings: createSettingsHandlers(this),
    };
  }
}
