-- Devices the lab has seen, and their status over time.
CREATE TABLE devices (
  serial        TEXT PRIMARY KEY,
  transport     TEXT NOT NULL CHECK (transport IN ('usb', 'tcp')),
  state         TEXT NOT NULL,
  product       TEXT,
  model         TEXT,
  device        TEXT,
  virtual       INTEGER NOT NULL DEFAULT 0 CHECK (virtual IN (0, 1)),
  -- DeviceFacts as JSON (src/shared/devices.ts); NULL until probed.
  facts_json    TEXT,
  fingerprint   TEXT,
  last_error    TEXT,
  first_seen    INTEGER NOT NULL,
  last_seen     INTEGER NOT NULL
);

CREATE TABLE device_status (
  id                 INTEGER PRIMARY KEY,
  serial             TEXT NOT NULL REFERENCES devices(serial) ON DELETE CASCADE,
  at                 INTEGER NOT NULL,
  battery_level      REAL,
  battery_status     TEXT NOT NULL,
  charging_source    TEXT,
  battery_temp_c     REAL,
  battery_voltage_mv REAL,
  thermal_status     INTEGER,
  skin_temp_c        REAL
);
CREATE INDEX device_status_serial_at ON device_status(serial, at);

-- Lab settings (adb path, poll rates...). Secrets never live here: the Electron glue keeps them encrypted.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
