/**
 * Where API keys live. The core only knows this interface; implementations:
 * - `FileSecretStore`: each secret encrypted by a `SecretCipher` and stored base64 in a JSON file in the lab home
 *   (`secrets.json`, mode 0600, written atomically). The Electron app gives it Electron safeStorage as the cipher
 *   (src/main/electron/secret-store.ts), so a key is never on disk in clear.
 * - `EnvSecretStore`: read-only, from the environment (`aurora-lab serve`, the CLI): ANTHROPIC_API_KEY;
 *   GEMINI_API_KEY, else GOOGLE_API_KEY. Writing is refused with the variable to set.
 * - `MemorySecretStore`: tests.
 * Nothing here logs or returns a secret except `get`, which only the core's LLM clients call.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { LabError } from '../api/lab-error';

export interface SecretStore {
  /** How the store keeps secrets (reported as a key's source). */
  readonly kind: 'safeStorage' | 'env';
  /** False when `set`/`delete` are refused (environment). */
  readonly writable: boolean;
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  delete(name: string): void;
  has(name: string): boolean;
}

/** Names of the LLM keys in a SecretStore, and the environment variables read for them (first set wins). */
export const KEY_NAMES = { anthropic: 'apiKey.anthropic', gemini: 'apiKey.gemini' } as const;
export const KEY_ENV_VARS: Record<keyof typeof KEY_NAMES, string[]> = {
  anthropic: ['ANTHROPIC_API_KEY'],
  gemini: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
};

function envVarsFor(name: string): string[] {
  const entry = Object.entries(KEY_NAMES).find(([, n]) => n === name);
  return entry ? KEY_ENV_VARS[entry[0] as keyof typeof KEY_NAMES] : [];
}

/** Read-only secrets from environment variables. */
export class EnvSecretStore implements SecretStore {
  readonly kind = 'env' as const;
  readonly writable = false;
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  get(name: string): string | undefined {
    for (const v of envVarsFor(name)) {
      const value = this.env[v]?.trim();
      if (value) return value;
    }
    return undefined;
  }
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
  set(name: string): void {
    throw new LabError('unavailable', `This lab keeps no API keys (aurora-lab serve / CLI): set ${envVarsFor(name).join(' or ') || name} in the environment of the lab process instead.`);
  }
  delete(name: string): void {
    this.set(name);
  }
}

/** In-memory secrets, for tests; reports itself as the encrypted store it stands in for. */
export class MemorySecretStore implements SecretStore {
  readonly writable = true;
  private readonly values = new Map<string, string>();
  constructor(readonly kind: 'safeStorage' | 'env' = 'safeStorage') {}
  get(name: string): string | undefined {
    return this.values.get(name);
  }
  set(name: string, value: string): void {
    this.values.set(name, value);
  }
  delete(name: string): void {
    this.values.delete(name);
  }
  has(name: string): boolean {
    return this.values.has(name);
  }
}

/** Turns a secret into opaque bytes and back (Electron safeStorage, or a test cipher). */
export interface SecretCipher {
  /** Null when encryption is possible; else why not (shown when a key cannot be saved). */
  unavailableReason(): string | null;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

interface SecretsFile {
  format: 'aurora-lab-secrets';
  version: 1;
  /** name -> base64 of the cipher's output. */
  entries: Record<string, string>;
}

/** Secrets encrypted by a cipher, stored base64 in a JSON file (0600), rewritten atomically on each change. */
export class FileSecretStore implements SecretStore {
  readonly kind = 'safeStorage' as const;
  readonly writable = true;

  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
  ) {}

  private read(): SecretsFile {
    if (!existsSync(this.file)) return { format: 'aurora-lab-secrets', version: 1, entries: {} };
    try {
      const doc = JSON.parse(readFileSync(this.file, 'utf8')) as SecretsFile;
      if (doc.format !== 'aurora-lab-secrets' || typeof doc.entries !== 'object' || doc.entries === null) throw new Error('not a secrets file');
      return doc;
    } catch (err) {
      throw new LabError('failed', `The key store ${this.file} is unreadable (${err instanceof Error ? err.message : String(err)}); delete it and save the keys again.`);
    }
  }

  private write(doc: SecretsFile): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  get(name: string): string | undefined {
    const b64 = this.read().entries[name];
    if (b64 === undefined) return undefined;
    try {
      return this.cipher.decrypt(Buffer.from(b64, 'base64'));
    } catch {
      // Encrypted under another OS user / keychain: unusable, as if absent.
      return undefined;
    }
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  set(name: string, value: string): void {
    const why = this.cipher.unavailableReason();
    if (why) throw new LabError('unavailable', `Cannot save the key encrypted: ${why}. Set it in the environment instead (${envVarsFor(name).join(' or ')}).`);
    const doc = this.read();
    doc.entries[name] = this.cipher.encrypt(value).toString('base64');
    this.write(doc);
  }

  delete(name: string): void {
    const doc = this.read();
    if (!(name in doc.entries)) return;
    delete doc.entries[name];
    this.write(doc);
  }
}
