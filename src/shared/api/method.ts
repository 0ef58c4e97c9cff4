import type { z } from 'zod';

/** A method of the contract: a request schema and (type-only) response. */
export interface Method<I extends z.ZodType, O> {
  input: I;
  /** Phantom: carries the response type; never read at run time. */
  output?: O;
}

/** `method<Response>()(requestSchema)`: the response type is given, the request type comes from the schema. */
export function method<O>() {
  return <I extends z.ZodType>(input: I): Method<I, O> => ({ input });
}
