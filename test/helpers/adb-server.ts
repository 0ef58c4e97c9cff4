import { execFileSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';

/**
 * A private real adb server for this test file (an OS-assigned port, like server-restart.test.ts). Tests that keep
 * runner sessions open for tens of seconds need it: a shared server restarted or emptied by another test run on
 * this machine would cut them (which the lab reports correctly as a lost device, but the test would not be about
 * that). So do tests that expect no device at all: the worker's shared server still lists the phones earlier test
 * files connected. Sets ANDROID_ADB_SERVER_PORT, so the bridge, the Lab and spawned CLIs all use it; `stop` kills it.
 */
export async function usePrivateAdbServer(): Promise<{ port: number; stop: () => void }> {
  const port = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  process.env.ANDROID_ADB_SERVER_PORT = String(port);
  return {
    port,
    stop: () => {
      try {
        execFileSync('adb', ['-P', String(port), 'kill-server'], { stdio: 'ignore', timeout: 10_000 });
      } catch {
        // already gone
      }
    },
  };
}
