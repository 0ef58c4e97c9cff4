/** Ids as they cross the API (the CLI prints them, the next command takes them). Zod only. */
import { z } from 'zod';

/** A model id of the catalogue (`qwen-600m`) or a custom simulated definition's folder name. */
export const modelIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'A model id has lower-case letters, digits and . _ - (e.g. qwen-600m)');

/** A run id (a quick run or one device's part of a campaign). */
export const runIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'Not a run id');

/** A campaign id (what `aurora-lab profile` starts). */
export const campaignIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'Not a campaign id');

/** Where runs are taken: a run id, or a campaign id meaning every run of that campaign. */
export const runOrCampaignIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'Not a run or campaign id');
