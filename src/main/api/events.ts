import { EventEmitter } from 'node:events';
import type { LabEventName, LabEvents } from '../../shared/contract';

/**
 * What every service reports progress and changes through: one emitter per lab, its event names and payloads the
 * contract's LabEvents. A service gets only this (`emit`); the transports (IPC, the WebSocket of `serve`, the CLI)
 * subscribe to the bus.
 */
export interface LabEventSink {
  emit<E extends LabEventName>(event: E, payload: LabEvents[E]): void;
}

/** An EventEmitter whose event names and payloads are the contract's LabEvents. */
export class LabEventBus implements LabEventSink {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open window and socket subscribes; a busy lab has more than Node's default of 10.
    this.emitter.setMaxListeners(100);
  }

  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): this {
    this.emitter.on(event, listener);
    return this;
  }

  off<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): this {
    this.emitter.off(event, listener);
    return this;
  }

  emit<E extends LabEventName>(event: E, payload: LabEvents[E]): void {
    this.emitter.emit(event, payload);
  }
}
