/**
 * Once before every test file:
 * - Integration tests use real adb servers on private ports, so they never touch a developer's own server on 5037
 *   and never see their phones. Each vitest worker gets its own server (see test/setup-adb-port.ts): test files in
 *   different workers then cannot slow down or confuse each other's device tracking.
 * - The host runner is built here, once, so that test files in parallel workers never build it on demand at the
 *   same moment one of them is pushing it to a virtual phone.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export const TEST_ADB_PORT_BASE = 5140;

export default function setup(): void {
  process.env.AURORA_TEST_ADB_PORT_BASE ??= String(TEST_ADB_PORT_BASE);
  execFileSync('make', ['-C', resolve(import.meta.dirname, '../resources/runner'), 'host'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
