import type { GaugeReading, PowerSource } from './power/power-model';
import { statusCode } from './power/battery-model';

/**
 * What the framework (BatteryService) reports, as opposed to the fuel gauge itself. `dumpsys battery unplug`
 * freezes this view and fakes "not plugged" without touching the charger, exactly as on Android; `set` overrides
 * single fields; `reset` returns to live values.
 */
export class BatteryService {
  private frozen: GaugeReading | null = null;
  private overrides = new Map<string, string>();

  constructor(private readonly power: PowerSource) {}

  get updatesStopped(): boolean {
    return this.frozen !== null;
  }

  unplug(): void {
    this.frozen ??= this.power.gauge;
    this.overrides.set('ac', '0');
    this.overrides.set('usb', '0');
    this.overrides.set('wireless', '0');
  }

  reset(): void {
    this.frozen = null;
    this.overrides.clear();
  }

  /** `dumpsys battery set <key> <value>`; false for an unknown key. */
  set(key: string, value: string): boolean {
    if (!['ac', 'usb', 'wireless', 'status', 'level', 'temp', 'present', 'counter', 'invalid'].includes(key)) return false;
    this.frozen ??= this.power.gauge;
    this.overrides.set(key, value);
    return true;
  }

  dump(): string {
    const r = this.frozen ?? this.power.gauge;
    const o = (k: string, live: string) => this.overrides.get(k) ?? live;
    const bool = (v: string) => (v !== '0' && v !== 'false' ? 'true' : 'false');
    const ac = bool(o('ac', r.charger === 'ac' ? '1' : '0'));
    const usb = bool(o('usb', r.charger === 'usb' ? '1' : '0'));
    const lines = ['Current Battery Service state:'];
    if (this.frozen) lines.push("  (UPDATES STOPPED -- use 'reset' to restart)");
    lines.push(
      `  AC powered: ${ac}`,
      `  USB powered: ${usb}`,
      `  Wireless powered: ${bool(o('wireless', '0'))}`,
      `  Dock powered: false`,
      `  Max charging current: ${r.charger === 'ac' ? 3000000 : r.charger === 'usb' ? 500000 : 0}`,
      `  Max charging voltage: ${r.charger ? 5000000 : 0}`,
      `  Charge counter: ${o('counter', String(r.chargeCounterUah))}`,
      `  status: ${o('status', String(statusCode(r.status)))}`,
      `  health: 2`,
      `  present: ${bool(o('present', '1'))}`,
      `  level: ${o('level', String(r.capacity))}`,
      `  scale: 100`,
      `  voltage: ${Math.round(r.voltageUv / 1000)}`,
      `  temperature: ${o('temp', String(r.tempDeciC))}`,
      `  technology: Li-ion`,
    );
    return lines.join('\n') + '\n';
  }
}
