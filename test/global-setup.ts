/**
 * Integration tests share one real adb server on a private port, so they never touch a developer's own server
 * on 5037 and never see their phones. Each test starts its own virtual phones on OS-assigned ports.
 * The server is left running at the end: test files in other workers may still be using it.
 */
export const TEST_ADB_PORT = 5137;

export default function setup(): void {
  process.env.ANDROID_ADB_SERVER_PORT ??= String(TEST_ADB_PORT);
}
