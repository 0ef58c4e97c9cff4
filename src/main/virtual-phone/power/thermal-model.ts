/** First-order heat model: each node relaxes towards ambient + R_th * P with time constant tau. Pure. */

export interface ThermalNode {
  tauS: number;
  /** Kelvin per watt of the power that heats this node. */
  kPerWatt: number;
}

export const THERMAL_NODES = {
  cpu: { tauS: 6, kPerWatt: 5.5 },
  skin: { tauS: 70, kPerWatt: 3.2 },
  battery: { tauS: 140, kPerWatt: 2.4 },
} satisfies Record<string, ThermalNode>;

export type ThermalNodeName = keyof typeof THERMAL_NODES;
export type Temperatures = Record<ThermalNodeName, number>;

export const AMBIENT_C = 24;

export function steadyState(node: ThermalNode, watts: number, ambientC = AMBIENT_C): number {
  return ambientC + node.kPerWatt * watts;
}

/** Exact step of dT/dt = (T_ss - T) / tau over dt with constant power. */
export function stepNode(tempC: number, node: ThermalNode, watts: number, dtS: number, ambientC = AMBIENT_C): number {
  const target = steadyState(node, watts, ambientC);
  return target + (tempC - target) * Math.exp(-dtS / node.tauS);
}

export function stepTemperatures(t: Temperatures, watts: { cpu: number; total: number; chargeHeat: number }, dtS: number): Temperatures {
  return {
    cpu: stepNode(t.cpu, THERMAL_NODES.cpu, watts.cpu + 0.3 * watts.total, dtS),
    skin: stepNode(t.skin, THERMAL_NODES.skin, watts.total + watts.chargeHeat, dtS),
    battery: stepNode(t.battery, THERMAL_NODES.battery, watts.total + 2 * watts.chargeHeat, dtS),
  };
}

export function idleTemperatures(idleWatts: number): Temperatures {
  return {
    cpu: steadyState(THERMAL_NODES.cpu, 0.3 * idleWatts),
    skin: steadyState(THERMAL_NODES.skin, idleWatts),
    battery: steadyState(THERMAL_NODES.battery, idleWatts),
  };
}

/** Android's PowerManager.THERMAL_STATUS_* from the skin temperature (what the framework throttles on). */
export const THERMAL_THRESHOLDS_C = [39, 43, 46, 50, 55, 60] as const;

export function thermalStatus(skinC: number): number {
  let s = 0;
  for (const t of THERMAL_THRESHOLDS_C) if (skinC >= t) s++;
  return s;
}

/** Fraction of max frequency the governor allows at a thermal status. */
export function throttleFactor(status: number): number {
  return [1, 0.92, 0.78, 0.6, 0.45, 0.3, 0.2][Math.min(6, Math.max(0, status))]!;
}
