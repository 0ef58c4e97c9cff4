import type { Command } from 'commander';

/** `profile`, `resume`, `runs`: campaigns. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function registerCampaignCommands(program: Command): void {}
