/**
 * Devices the lab has seen and their status over time (db/0001_devices.sql), as prepared statements.
 * Facts are stored as JSON: they are read whole and their shape is owned by src/shared/devices.ts.
 */
import type { BatteryStatus, ChargingSource, DeviceFacts, DeviceState, DeviceStatus } from '../../shared/devices';
import type { Db } from './database';

export interface DeviceRecord {
  serial: string;
  transport: 'usb' | 'tcp';
  state: DeviceState;
  product: string | null;
  model: string | null;
  device: string | null;
  virtual: boolean;
  facts: DeviceFacts | null;
  lastError: string | null;
  firstSeen: number;
  lastSeen: number;
}

export interface DeviceSighting {
  serial: string;
  transport: 'usb' | 'tcp';
  state: DeviceState;
  product: string | null;
  model: string | null;
  device: string | null;
  at: number;
}

interface DeviceRow {
  serial: string;
  transport: 'usb' | 'tcp';
  state: string;
  product: string | null;
  model: string | null;
  device: string | null;
  virtual: number;
  facts_json: string | null;
  last_error: string | null;
  first_seen: number;
  last_seen: number;
}

interface StatusRow {
  serial: string;
  at: number;
  battery_level: number | null;
  battery_status: string;
  charging_source: string | null;
  battery_temp_c: number | null;
  battery_voltage_mv: number | null;
  thermal_status: number | null;
  skin_temp_c: number | null;
}

function parseFacts(json: string | null): DeviceFacts | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as DeviceFacts;
  } catch {
    return null; // a damaged row only costs a re-probe
  }
}

function toRecord(row: DeviceRow): DeviceRecord {
  return {
    serial: row.serial,
    transport: row.transport,
    state: row.state as DeviceState,
    product: row.product,
    model: row.model,
    device: row.device,
    virtual: row.virtual === 1,
    facts: parseFacts(row.facts_json),
    lastError: row.last_error,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
  };
}

function toStatus(row: StatusRow): DeviceStatus {
  return {
    serial: row.serial,
    at: row.at,
    batteryLevel: row.battery_level,
    batteryStatus: row.battery_status as BatteryStatus,
    chargingSource: row.charging_source as ChargingSource | null,
    batteryTempC: row.battery_temp_c,
    batteryVoltageMv: row.battery_voltage_mv,
    thermalStatus: row.thermal_status,
    skinTempC: row.skin_temp_c,
  };
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
    return (this.#list.all() as DeviceRow[]).map(toRecord);
  }

  getDevice(serial: string): DeviceRecord | null {
    const row = this.#get.get(serial) as DeviceRow | undefined;
    return row ? toRecord(row) : null;
  }

  latestStatus(serial: string): DeviceStatus | null {
    const row = this.#latest.get(serial) as StatusRow | undefined;
    return row ? toStatus(row) : null;
  }

  /** Status readings since `sinceMs` (default all), the newest `limit` (default 1000) of them, oldest first. */
  statusHistory(serial: string, sinceMs = 0, limit = 1000): DeviceStatus[] {
    return (this.#history.all(serial, sinceMs, limit) as StatusRow[]).map(toStatus);
  }

  /** Drops readings older than `beforeMs`; returns how many. At one reading per 2 s a phone adds ~43k rows a day. */
  pruneStatus(beforeMs: number): number {
    return this.#prune.run(beforeMs).changes;
  }
}
