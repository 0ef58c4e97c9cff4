/** Lab settings and API keys (keys never cross the API in clear). */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
import { method } from './method';

export const settingsMethods = {} as const;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SettingsEvents {}

export const settingsEvents: Array<keyof SettingsEvents> = [];
