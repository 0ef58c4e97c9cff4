/** Router profiles built from measured runs, imported and exported. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
import { method } from './method';

export const profilesMethods = {} as const;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ProfilesEvents {}

export const profilesEvents: Array<keyof ProfilesEvents> = [];
