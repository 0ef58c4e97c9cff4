/** Profiling campaigns: prompt sets x models x devices with repetitions (issue: campaigns). */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
import { method } from './method';

export const campaignsMethods = {} as const;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CampaignsEvents {}

export const campaignsEvents: Array<keyof CampaignsEvents> = [];
