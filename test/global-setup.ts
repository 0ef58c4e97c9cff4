/**
 * Integration tests use real adb servers on private ports, so they never touch a developer's own server on 5037
 * and never see their phones. Each vitest worker gets its own server (see test/setup-adb-port.ts): test files in
 * different workers then cannot slow down or confuse each other's device tracking.
 */
export const TEST_ADB_PORT_BASE = 5140;

export default function setup(): void {
  process.env.AURORA_TEST_ADB_PORT_BASE ??= String(TEST_ADB_PORT_BASE);
}
