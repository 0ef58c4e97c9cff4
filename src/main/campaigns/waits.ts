/**
 * A device's part pauses, and goes on by itself: while its phone is unplugged or offline (up to `deviceWaitMs`),
 * and while its battery is under the floor (until charged again; on battery for the fuel gauge).
 */
import { sleep } from '../../shared/kit/backoff';
import type { OnlineDevice } from '../devices/service';
import { isCharging } from '../power/conditions';
import { setDeviceState } from './progress';
import { batteryFloor, type ActiveCampaign, type CampaignDeps, type DeviceRun } from './state';

/** Waits until the phone is online and answers (it resumes by itself when it comes back). */
export async function waitOnline(deps: CampaignDeps, ac: ActiveCampaign, d: DeviceRun): Promise<OnlineDevice> {
  const limit = ac.internals.deviceWaitMs ?? 30 * 60_000;
  const start = Date.now();
  let announced = false;
  for (;;) {
    ac.controller.signal.throwIfAborted();
    const s = deps.devices.find(d.serial);
    if (s?.state === 'device' && s.facts && (await deps.devices.answers(d.serial))) {
      if (announced) deps.runs.addRunWarning(d.runId, `${d.serial} was offline for ${Math.round((Date.now() - start) / 1000)} s; resumed where it stopped.`);
      return { serial: d.serial, facts: s.facts, model: s.model };
    }
    if (!announced) {
      announced = true;
      setDeviceState(deps.events, ac, d, 'waiting-device', `${d.serial} is ${s?.state ?? 'not connected'}: paused until it is back`);
    }
    if (Date.now() - start > limit) throw new Error(`${d.serial} did not come back within ${Math.round(limit / 60_000)} min; its part stopped (resume the campaign with \`aurora-lab resume ${ac.id}\` once it is back).`);
    await sleep(250);
  }
}

/** The battery level the lab last read for the phone (null: unknown). */
export function batteryPct(deps: CampaignDeps, serial: string): number | null {
  return deps.devices.status(serial)?.batteryLevel ?? null;
}

/** Under the floor: pauses (recorded as a warning) until the battery is back at the resume level. */
export async function waitBattery(deps: CampaignDeps, ac: ActiveCampaign, d: DeviceRun): Promise<void> {
  const { min, resume } = batteryFloor(ac.req);
  let level = batteryPct(deps, d.serial);
  d.progress.batteryPct = level;
  if (level === null || level >= min) return;
  const needsUnplug = d.method !== 'odpm';
  deps.runs.addRunWarning(d.runId, `Paused at ${level} % battery (floor ${min} %); resumed at ${resume} %${needsUnplug ? ' and on battery' : ''}.`);
  for (;;) {
    ac.controller.signal.throwIfAborted();
    const st = deps.devices.status(d.serial);
    level = st?.batteryLevel ?? null;
    d.progress.batteryPct = level;
    const charging = st ? isCharging(st) : false;
    if (level !== null && level >= resume && (!needsUnplug || !charging)) return;
    setDeviceState(
      deps.events,
      ac,
      d,
      'battery-low',
      level !== null && level >= resume ? `Charged to ${level} %: unplug the charger to measure on battery (${d.method ?? 'fuel gauge'})` : `Battery ${level ?? '?'} % < ${min} %: paused until ${resume} %${charging ? '' : ' (plug in a charger)'}`,
    );
    await sleep(ac.internals.batteryPollMs ?? 2000);
  }
}
