import { describe, expect, it } from 'vitest';
import { connectFailedHelp, helpFor, isNetworkSerial, NETWORK_OFFLINE_HELP, OFFLINE_HELP } from '../../../src/main/devices/entries';

describe('help for network devices', () => {
  it('tells network serials from USB ones', () => {
    expect(isNetworkSerial('192.168.1.20:5555')).toBe(true);
    expect(isNetworkSerial('phone.lan:40123')).toBe(true);
    expect(isNetworkSerial('adb-R5CX20ABCDE-abc._adb-tls-connect._tcp')).toBe(true);
    expect(isNetworkSerial('R5CX20ABCDE')).toBe(false);
    expect(isNetworkSerial('emulator-5554')).toBe(false);
  });

  it('never says "cable" of a network device that went offline', () => {
    expect(helpFor('offline', '127.0.0.1:5555')).toBe(NETWORK_OFFLINE_HELP);
    expect(NETWORK_OFFLINE_HELP).not.toMatch(/cable/);
    expect(helpFor('offline', 'R5CX20ABCDE')).toBe(OFFLINE_HELP);
  });

  it('says what to check after a refused or unreachable connect', () => {
    const refused = connectFailedHelp('10.0.0.7:5556', 'Connection refused');
    expect(refused).toMatch(/^Could not connect to 10\.0\.0\.7:5556: nothing is listening on that address and port \(adb: "Connection refused"\)/);
    expect(refused).toMatch(/Wi-Fi debugging is on/);
    expect(refused).toMatch(/same network/);
    expect(refused).toContain('`aurora-lab virtual-phone --port 5556`');
    expect(refused).not.toMatch(/cable/);
    expect(connectFailedHelp('10.0.0.7:5555', 'No route to host')).toMatch(/cannot be reached from this computer/);
  });
});
