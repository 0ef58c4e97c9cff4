/** Li-ion cell: open-circuit voltage by state of charge, internal resistance, coulomb counting. Pure. */

export const INTERNAL_RESISTANCE_OHM = 0.09;

/** A typical 4.45 V-class phone cell: steep at both ends, flat in the middle. */
export function openCircuitVolts(soc: number): number {
  const s = Math.min(1, Math.max(0, soc));
  return 3.45 + 0.75 * s + 0.18 * (1 - Math.exp(-12 * s)) - 0.06 * Math.exp(-(((s - 0.5) / 0.2) ** 2)) + 0.05 * s ** 8;
}

/**
 * Terminal voltage while the cell delivers `watts` (negative = being charged): V = OCV - I R with I = P / V,
 * i.e. the larger root of V^2 - OCV V + P R = 0.
 */
export function terminalVolts(soc: number, watts: number, r = INTERNAL_RESISTANCE_OHM): number {
  const ocv = openCircuitVolts(soc);
  const disc = ocv * ocv - 4 * watts * r;
  return disc <= 0 ? ocv / 2 : (ocv + Math.sqrt(disc)) / 2;
}

export type ChargerType = null | 'usb' | 'ac';

/** What the charger can deliver to the phone (system + battery), in watts. */
export function chargerWatts(charger: ChargerType): number {
  if (charger === 'usb') return 2.4;
  if (charger === 'ac') return 15;
  return 0;
}

/** The cell accepts less as it fills (constant-voltage phase above ~85 %). */
export function maxChargeWatts(soc: number): number {
  if (soc >= 1) return 0;
  if (soc < 0.85) return 12;
  return 12 * Math.max(0.03, (1 - soc) / 0.15);
}

/**
 * Power leaving the battery (positive) or entering it (negative) given the system draw and the charger.
 * The charger feeds the system first; the battery covers any shortfall or absorbs what it can of the rest.
 */
export function batteryNetWatts(systemWatts: number, charger: ChargerType, soc: number, inputSuspended = false): number {
  const supply = inputSuspended ? 0 : chargerWatts(charger);
  if (supply <= systemWatts) return systemWatts - supply;
  return -Math.min(supply - systemWatts, maxChargeWatts(soc));
}

export type BatteryStatus = 'Charging' | 'Discharging' | 'Full' | 'Not charging';

export function batteryStatus(charger: ChargerType, soc: number, netWatts: number, inputSuspended = false): BatteryStatus {
  if (charger === null) return 'Discharging';
  if (inputSuspended) return 'Discharging';
  if (soc >= 0.995) return 'Full';
  return netWatts < 0 ? 'Charging' : 'Not charging';
}

/** dumpsys battery codes: 2 charging, 3 discharging, 4 not charging, 5 full. */
export function statusCode(s: BatteryStatus): number {
  return { Charging: 2, Discharging: 3, 'Not charging': 4, Full: 5 }[s];
}
