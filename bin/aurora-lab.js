#!/usr/bin/env node
// The lab's CLI runs the TypeScript core directly through tsx, so the CLI and the app always run the same code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main/cli/main.ts');
process.exitCode = await main(process.argv);
