/**
 * Devices the lab has seen and their status over time (db/0001_devices.sql), as prepared statements.
 * Facts are stored as JSON: read whole, checked against the shape src/shared/devices.ts owns (a row that does
 * not fit is treated as unprobed: it only costs a re-probe).
 */
import { z } from 'zod';
import { BATTERY_STATUSES, CHARGING_SOURCES, DEVICE_STATES, type DeviceFacts, type DeviceState, type DeviceStatus } from '../../shared/devices';
import type { Db } from '../store/database';
import { columns, row, rowOrNull, type Row } from '../store/rows';

export interface DeviceSighting {
  serial: string;
  transport: 'usb' | 'tcp';
  state: DeviceState;
  product: string | null;
  model: string | null;
  device: string | null;
  at: number;
}

export interface DeviceRecord extends Omit<DeviceSighting, 'at'> {
  virtual: boolean;
  facts: DeviceFacts | null;
  lastError: string | null;
  firstSeen: number;
  lastSeen: number;
}

const factsSchema: z.ZodType<DeviceFacts> = z.object({
  manufacturer: z.string(),
  brand: z.string(),
  model: z.string(),
  device: z.string(),
  soc: z.string().nullable(),
  abi: z.string(),
  abiList: z.array(z.string()),
  androidRelease: z.string(),
  sdk: z.number().nullable(),
  fingerprint: z.string(),
  ramMb: z.number().nullable(),
  cpuCores: z.number().nullable(),
  cpuFeatures: z.array(z.string()),
  cactus: z.object({ supported: z.boolean(), reason: z.string().nullable(), missingFeatures: z.array(z.string()) }),
  energySources: z.object({ odpm: z.boolean(), odpmChannels: z.array(z.string()), fuelGauge: z.boolean(), chargeCounter: z.boolean() }),
  virtual: z.boolean(),
  probedAt: z.number(),
  probeWarnings: z.array(z.string()).optional(),
});

function parseFacts(json: string | null): DeviceFacts | null {
  if (!json) return null;
  try {
    const r = factsSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null; // damaged JSON: re-probed when the phone is back
  }
}

const IDENTITY = { serial: 'str', product: 'str?', model: 'str?', device: 'str?', virtual: 'flag', last_error: 'str?', first_seen: 'num', last_seen: 'num' } as const;
const READINGS = { serial: 'str', at: 'num', battery_level: 'num?', battery_temp_c: 'num?', battery_voltage_mv: 'num?', thermal_status: 'num?', skin_temp_c: 'num?' } as const;

function toRecord(r: Row): DeviceRecord {
  return {
    ...columns(r, IDENTITY),
    transport: r.member('transport', ['usb', 'tcp'] as const),
    state: r.member('state', DEVICE_STATES),
    facts: parseFacts(r.strOrNull('facts_json')),
  };
}

function toStatus(r: Row): DeviceStatus {
  return { ...columns(r, READINGS), batteryStatus: r.member('battery_status', BATTERY_STATUSES), chargingSource: r.memberOrNull('charging_source', CHARGING_SOURCES) };
}

const STATUS_COLUMNS =
  'serial, at, battery_level, battery_status, charging_source, battery_temp_c, battery_voltage_mv, thermal_status, skin_temp_c';

export class DeviceRepository {
  readonly #upsert;
  readonly #setState;
  readonly #saveFacts;
  readonly #setError;
  readonly #insertStatus;
  readonly #list;
  readonly #get;
  readonly #latest;
  readonly #history;
  readonly #prune;

  constructor(db: Db) {
    // Identity columns keep their last known value when adb reports nothing (e.g. an unauthorized device).
    this.#upsert = db.prepare(`
      INSERT INTO devices (serial, transport, state, product, model, device, first_seen, last_seen)
      VALUES (@serial, @transport, @state, @product, @model, @device, @at, @at)
      ON CONFLICT(serial) DO UPDATE SET
        transport = excluded.transport,
        state = excluded.state,
        product = COALESCE(excluded.product, devices.product),
        model = COALESCE(excluded.model, devices.model),
        device = COALESCE(excluded.device, devices.device),
        last_seen = excluded.last_seen`);
    this.#setState = db.prepare('UPDATE devices SET state = ? WHERE serial = ?');
    this.#saveFacts = db.prepare(
      'UPDATE devices SET facts_json = ?, fingerprint = ?, virtual = ?, last_error = NULL WHERE serial = ?',
    );
    this.#setError = db.prepare('UPDATE devices SET last_error = ? WHERE serial = ?');
    this.#insertStatus = db.prepare(`
      INSERT INTO device_status (${STATUS_COLUMNS})
      VALUES (@serial, @at, @batteryLevel, @batteryStatus, @chargingSource, @batteryTempC, @batteryVoltageMv,
              @thermalStatus, @skinTempC)`);
    this.#list = db.prepare('SELECT * FROM devices ORDER BY first_seen, serial');
    this.#get = db.prepare('SELECT * FROM devices WHERE serial = ?');
    this.#latest = db.prepare(
      `SELECT ${STATUS_COLUMNS} FROM device_status WHERE serial = ? ORDER BY at DESC, id DESC LIMIT 1`,
    );
    // The newest `limit` readings since `since`, returned oldest first (what a chart wants).
    this.#history = db.prepare(`
      SELECT * FROM (
        SELECT id, ${STATUS_COLUMNS} FROM device_status WHERE serial = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?
      ) ORDER BY at, id`);
    this.#prune = db.prepare('DELETE FROM device_status WHERE at < ?');
  }

  /** Records that adb reported the device (insert on first sight). */
  upsertDevice(s: DeviceSighting): void {
    this.#upsert.run({ ...s });
  }

  /** Changes the state without touching last_seen (e.g. marking a vanished device disconnected). */
  setState(serial: string, state: DeviceState): void {
    this.#setState.run(state, serial);
  }

  saveFacts(serial: string, facts: DeviceFacts): void {
    this.#saveFacts.run(JSON.stringify(facts), facts.fingerprint || null, facts.virtual ? 1 : 0, serial);
  }

  setError(serial: string, error: string | null): void {
    this.#setError.run(error, serial);
  }

  saveStatus(status: DeviceStatus): void {
    this.#insertStatus.run({
      serial: status.serial,
      at: status.at,
      batteryLevel: status.batteryLevel,
      batteryStatus: status.batteryStatus,
      chargingSource: status.chargingSource,
      batteryTempC: status.batteryTempC,
      batteryVoltageMv: status.batteryVoltageMv,
      thermalStatus: status.thermalStatus,
      skinTempC: status.skinTempC,
    });
  }

  listDevices(): DeviceRecord[] {
    return this.#list.all().map((v) => toRecord(row(v, 'devices')));
  }

  getDevice(serial: string): DeviceRecord | null {
    const r = rowOrNull(this.#get.get(serial), 'devices');
    return r ? toRecord(r) : null;
  }

  latestStatus(serial: string): DeviceStatus | null {
    const r = rowOrNull(this.#latest.get(serial), 'device_status');
    return r ? toStatus(r) : null;
  }

  /** Status readings since `sinceMs` (default all), the newest `limit` (default 1000) of them, oldest first. */
  statusHistory(serial: string, sinceMs = 0, limit = 1000): DeviceStatus[] {
    return this.#history.all(serial, sinceMs, limit).map((v) => toStatus(row(v, 'device_status')));
  }

  /** Drops readings older than `beforeMs`; returns how many. At one reading per 2 s a phone adds ~43k rows a day. */
  pruneStatus(beforeMs: number): number {
    return this.#prune.run(beforeMs).changes;
  }
}
