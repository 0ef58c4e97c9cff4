import { apiFromCall, contract, type CallContext, type LabApi, type LabHandlers } from '../../shared/contract';
import { toLabError } from './error-map';
import { LabError } from './lab-error';

type Parse = { success: true; data: unknown } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };

/** The request schema of `domain.method`; requests name both, so they are looked up as untrusted strings. */
function parseFor(domain: string, method: string): (input: unknown) => Parse {
  const methods: unknown = Object.hasOwn(contract, domain) ? Reflect.get(contract, domain) : undefined;
  if (typeof methods !== 'object' || methods === null) throw new LabError('not-found', `Unknown API domain "${domain}"`);
  const m: unknown = Object.hasOwn(methods, method) ? Reflect.get(methods, method) : undefined;
  const input: unknown = typeof m === 'object' && m !== null ? Reflect.get(m, 'input') : undefined;
  const safeParse: unknown = typeof input === 'object' && input !== null ? Reflect.get(input, 'safeParse') : undefined;
  if (typeof safeParse !== 'function') throw new LabError('not-found', `Unknown API method "${domain}.${method}"`);
  return (v) => {
    const r: Parse = Reflect.apply(safeParse, input, [v]);
    return r;
  };
}

/**
 * The single entry point for requests from any transport (IPC, HTTP, the CLI): finds the method, validates the
 * request against the contract's zod schema, calls the handler, and maps whatever it throws to a LabError
 * (error-map.ts). Transports never call handlers directly. `ctx` says which transport the request came through;
 * without one it counts as HTTP, the least trusted.
 */
export async function dispatch(handlers: LabHandlers, domain: string, method: string, rawInput: unknown, ctx: CallContext = { caller: 'http' }): Promise<unknown> {
  const parsed = parseFor(domain, method)(rawInput ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(request)', message: i.message }));
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new LabError('bad-request', `Invalid request: ${summary}`, issues);
  }
  const handler: unknown = Reflect.get(Reflect.get(handlers, domain), method);
  if (typeof handler !== 'function') throw new LabError('not-found', `No handler for "${domain}.${method}"`);
  try {
    return await Reflect.apply(handler, undefined, [parsed.data, ctx]);
  } catch (err) {
    throw toLabError(err);
  }
}

/** The API in process, every call through dispatch (what the CLI uses: the same validation as IPC and HTTP). */
export function dispatchingApi(handlers: LabHandlers, ctx: CallContext = { caller: 'cli' }): LabApi {
  return apiFromCall((domain, method, input) => dispatch(handlers, domain, method, input, ctx));
}
