/**
 * The energy sources a phone offers, best first: what each measures, and whether it is valid right now (a charger
 * attached voids the fuel gauge and the charge counter). Pure, unit-tested in
 * test/unit/renderer/devices/energy-sources.test.ts.
 */
import type { DeviceStatus, EnergySources } from '../../../shared/devices';
import { isPlugged } from './device-view';

export interface EnergySourceView {
  key: 'odpm' | 'fuelGauge' | 'chargeCounter';
  name: string;
  available: boolean;
  detail: string | null;
  meaning: string;
  /** Set when the phone's current charging state makes this source invalid right now. */
  warning: string | null;
}

/** The energy sources, best first, with what each means for measurement and whether it is valid right now. */
export function energySourceViews(
  sources: EnergySources,
  status: DeviceStatus | null | undefined,
): EnergySourceView[] {
  const plugged = isPlugged(status);
  return [
    {
      key: 'odpm',
      name: 'ODPM power rails',
      available: sources.odpm,
      detail: sources.odpm
        ? sources.odpmChannels.length
          ? sources.odpmChannels.join(', ')
          : 'no channels listed'
        : null,
      meaning:
        'On-Device Power Monitor (Pixel 6 and later): per-rail energy counters measured in hardware. The most ' +
        'precise source, and valid while the phone is charging.',
      warning: null,
    },
    {
      key: 'fuelGauge',
      name: 'Fuel gauge',
      available: sources.fuelGauge,
      detail: sources.fuelGauge ? 'current_now × voltage_now' : null,
      meaning:
        'Battery current × voltage sampled from the fuel gauge: whole-phone power. Valid only while discharging, ' +
        'so unplug the phone (use Wi-Fi debugging) when measuring with it.',
      warning:
        sources.fuelGauge && plugged === true ? 'The phone is plugged in now: fuel-gauge readings are not valid.' : null,
    },
    {
      key: 'chargeCounter',
      name: 'Charge counter',
      available: sources.chargeCounter,
      detail: sources.chargeCounter ? 'charge_counter deltas (µAh)' : null,
      meaning:
        'Differences of the battery charge counter: coarse (often 1 mAh steps), only useful over long runs on battery.',
      warning:
        sources.chargeCounter && plugged === true
          ? 'The phone is plugged in now: charge-counter deltas include charging.'
          : null,
    },
  ];
}

/** The name of the best available energy source, or null when the phone offers none. */
export function bestEnergySource(sources: EnergySources): string | null {
  if (sources.odpm) return 'ODPM power rails';
  if (sources.fuelGauge) return 'Fuel gauge';
  if (sources.chargeCounter) return 'Charge counter';
  return null;
}
