import type { Command } from 'commander';

/** `build-profile`, `route`, `import-profile`, `export-profile`. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function registerProfileCommands(program: Command): void {}
