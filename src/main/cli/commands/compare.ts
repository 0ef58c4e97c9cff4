import type { Command } from 'commander';

/** `compare`. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function registerCompareCommands(program: Command): void {}
