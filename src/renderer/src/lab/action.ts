/**
 * What a button's call to the lab ends in, as one message for the page: the action's own words on success, or the
 * failure named ("Delete failed: …") with the lab's reason. Pure, unit-tested in test/unit/renderer/lab/action.test.ts.
 */
import { errorMessage } from './errors';

export interface ActionMessage {
  kind: 'ok' | 'error';
  text: string;
}

export async function runAction(
  action: () => Promise<ActionMessage | null | void>,
  failure: string,
): Promise<ActionMessage | null> {
  try {
    return (await action()) ?? null;
  } catch (e) {
    return { kind: 'error', text: `${failure}: ${errorMessage(e)}` };
  }
}
