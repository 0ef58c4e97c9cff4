/**
 * API keys in the Electron app: encrypted with Electron safeStorage (the OS keychain: Keychain on macOS, DPAPI on
 * Windows, libsecret/kwallet on Linux) and stored base64 in `secrets.json` in the lab home (FileSecretStore).
 * On Linux without a keyring, safeStorage falls back to a hard-coded password ('basic_text'): that is not
 * encryption, so saving is refused there and the user is told to use environment variables.
 * Call after app 'ready'.
 */
import { safeStorage } from 'electron';
import { join } from 'node:path';
import { FileSecretStore } from '../settings/secret-store';
import type { SecretCipher, SecretStore } from '../settings/secret-store';

export const safeStorageCipher: SecretCipher = {
  unavailableReason() {
    if (!safeStorage.isEncryptionAvailable()) return 'the operating system offers no encryption to this app (no keychain)';
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return 'no desktop keyring (gnome-keyring or kwallet) is running, so the key could not be protected';
    return null;
  },
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (data) => safeStorage.decryptString(data),
};

export function createElectronSecretStore(labHome: string): SecretStore {
  return new FileSecretStore(join(labHome, 'secrets.json'), safeStorageCipher);
}
