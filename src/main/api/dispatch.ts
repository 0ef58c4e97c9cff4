import { contract, type Domain, type LabHandlers } from '../../shared/contract';
import { LabError } from './lab-error';

/**
 * The single entry point for requests from any transport: finds the method, validates the request against the
 * contract's zod schema, and calls the core. Transports never call handlers directly.
 */
export async function dispatch(handlers: LabHandlers, domain: string, method: string, rawInput: unknown): Promise<unknown> {
  if (!Object.hasOwn(contract, domain)) throw new LabError('not-found', `Unknown API domain "${domain}"`);
  const methods = contract[domain as Domain] as Record<string, { input: { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } } }>;
  if (!Object.hasOwn(methods, method)) throw new LabError('not-found', `Unknown API method "${domain}.${method}"`);
  const parsed = methods[method]!.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issues = (parsed.error?.issues ?? []).map((i) => ({ path: i.path.map(String).join('.') || '(request)', message: i.message }));
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new LabError('bad-request', `Invalid request to ${domain}.${method}: ${summary}`, issues);
  }
  const domainHandlers = handlers[domain as Domain] as Record<string, (input: unknown) => Promise<unknown>>;
  return domainHandlers[method]!(parsed.data);
}
