/**
 * Virtual phones the lab itself runs, for a first hour without hardware: started from the Devices page or
 * `aurora-lab demo`, in the lab's process (so they can never outlive it), listening on 127.0.0.1 only, connected
 * through the real adb server like any network phone, and stopped (adb disconnect first, so the lab does not try to
 * reconnect them) when asked or when the lab stops. Their state folders are under the lab home (slots.ts).
 */
import type { OwnedVirtualPhone, VirtualEngineName, VirtualPhonesState, VirtualVendor } from '../../../shared/api/devices';
import { LabError } from '../../api/lab-error';
import type { VirtualPhone, VirtualPhoneOptions } from '../../virtual-phone';
import { kindName, virtualPhoneKinds, type EngineCheck } from './kinds';
import { claimSlot, lastPort, rememberPort, type Slot } from './slots';

/** The most phones one lab runs at once: each is a listening socket, a power-model thread and its processes. */
export const MAX_OWNED_PHONES = 4;

export interface VirtualPhoneOwnerOptions {
  home: string;
  /** `adb connect`, through the device manager (so it is reconnected after an adb restart). */
  connect: (address: string) => Promise<unknown>;
  disconnect: (address: string) => Promise<unknown>;
  /** Resolves once the phone is online and probed; throws why not. */
  ready: (serial: string) => Promise<unknown>;
  /** Called with the new state after every start and stop. */
  changed: (state: VirtualPhonesState) => void;
  engineCheck: EngineCheck;
  /** Starts the phone; default the lab's virtual phone, loaded on first use. */
  startPhone?: (opts: VirtualPhoneOptions) => Promise<VirtualPhone>;
}

interface Owned {
  info: OwnedVirtualPhone;
  phone: VirtualPhone;
  slot: Slot;
}

async function defaultStartPhone(opts: VirtualPhoneOptions): Promise<VirtualPhone> {
  // Loaded here: a lab that never starts a virtual phone never loads it.
  const { startVirtualPhone } = await import('../../virtual-phone');
  return startVirtualPhone(opts);
}

export class VirtualPhoneOwner {
  readonly #opts: VirtualPhoneOwnerOptions;
  readonly #phones = new Map<string, Owned>();
  #starting = 0;
  #closed = false;

  constructor(opts: VirtualPhoneOwnerOptions) {
    this.#opts = opts;
  }

  state(): VirtualPhonesState {
    return {
      phones: [...this.#phones.values()].map((o) => ({ ...o.info })).sort((a, b) => a.startedAt - b.startedAt),
      kinds: virtualPhoneKinds(this.#opts.engineCheck()),
      max: MAX_OWNED_PHONES,
    };
  }

  owns(serial: string): boolean {
    return this.#phones.has(serial);
  }

  async start(vendor: VirtualVendor, engine: VirtualEngineName = 'simulated'): Promise<OwnedVirtualPhone> {
    if (this.#closed) throw new LabError('unavailable', 'The lab is stopping; start the virtual phone after it restarts.');
    if (engine === 'cactus') {
      const problem = this.#opts.engineCheck();
      if (problem) throw new LabError('unavailable', problem);
    }
    if (this.#phones.size + this.#starting >= MAX_OWNED_PHONES) {
      throw new LabError('unavailable', `This lab already runs ${MAX_OWNED_PHONES} virtual phones; stop one on the Devices page first.`);
    }
    this.#starting++;
    let counted = true;
    const uncount = () => {
      if (counted) this.#starting--;
      counted = false;
    };
    let slot: Slot | null = null;
    let phone: VirtualPhone | null = null;
    try {
      slot = claimSlot(this.#opts.home, kindName(vendor, engine));
      const startPhone = this.#opts.startPhone ?? defaultStartPhone;
      // Loopback only, whatever asked for it: the phone runs any program pushed to it.
      const options = (port: number): VirtualPhoneOptions => ({ port, host: '127.0.0.1', vendor, engine, stateDir: slot!.stateDir, serial: `aurora-lab-${slot!.name}` });
      // The port this folder's phone had last time, so it keeps its serial (and its history in the lab); any if taken.
      const previous = lastPort(slot.stateDir);
      phone = previous ? await startPhone(options(previous)).catch(() => startPhone(options(0))) : await startPhone(options(0));
      rememberPort(slot.stateDir, phone.port);
      await this.#opts.connect(phone.address);
      const info: OwnedVirtualPhone = { serial: phone.address, vendor, engine, phoneSerial: phone.serial, stateDir: phone.stateDir, startedAt: Date.now() };
      this.#phones.set(info.serial, { info, phone, slot });
      uncount();
      this.#opts.changed(this.state());
      await this.#opts.ready(info.serial);
      return { ...info };
    } catch (err) {
      if (phone && this.#phones.has(phone.address)) {
        await this.stop(phone.address).catch(() => {});
      } else {
        // Never listed, or already stopped while it was being probed (stop() did the same; all of it is idempotent).
        uncount();
        if (phone) {
          await this.#opts.disconnect(phone.address).catch(() => {});
          await phone.close().catch(() => {});
        }
        slot?.release();
      }
      if (err instanceof LabError) throw err;
      throw new LabError('failed', `The virtual phone did not start: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async stop(serial: string): Promise<{ message: string }> {
    const owned = this.#phones.get(serial);
    if (!owned) {
      const list = [...this.#phones.keys()];
      throw new LabError('not-found', `${serial} is not a virtual phone this lab started${list.length ? ` (it runs ${list.join(', ')})` : ' (it runs none)'}.`);
    }
    this.#phones.delete(serial);
    try {
      await this.#opts.disconnect(serial).catch(() => {});
      await owned.phone.close();
    } finally {
      owned.slot.release();
      if (!this.#closed) this.#opts.changed(this.state());
    }
    return { message: `Stopped the virtual phone ${serial}.` };
  }

  /** Stops every phone; later starts are refused. For the lab's own shutdown. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#phones.keys()].map((s) => this.stop(s).catch(() => {})));
  }
}
