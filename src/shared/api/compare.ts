/** Routing strategies compared on measured results. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
import { method } from './method';

export const compareMethods = {} as const;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CompareEvents {}

export const compareEvents: Array<keyof CompareEvents> = [];
