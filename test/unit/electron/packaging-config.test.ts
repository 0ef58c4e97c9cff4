/**
 * The packaging config, checked with electron-builder's own schema validation, and the page's CSP: fuses set,
 * the renderer's own meta CSP equal to the one the app and serve send (no wildcard sockets).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCsp } from '../../../src/main/server/csp';

const root = resolve(import.meta.dirname, '../../..');
const require = createRequire(resolve(root, 'package.json'));

interface BuilderConfig {
  asar?: boolean;
  asarUnpack?: string[];
  electronFuses?: Record<string, boolean>;
}

function loadConfig(): BuilderConfig {
  const yaml = require('js-yaml') as { load(text: string): unknown };
  return yaml.load(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

describe('electron-builder.yml', () => {
  it('keeps the native addons out of the asar (better-sqlite3, and resvg: its platform package holds a .node file)', () => {
    const unpack = loadConfig().asarUnpack ?? [];
    expect(unpack).toContain('node_modules/better-sqlite3/**');
    expect(unpack).toContain('node_modules/@resvg/**');
    // The unpacked pattern covers where resvg's binary really is (@resvg/resvg-js-<platform>/*.node).
    const natives = readdirSync(resolve(root, 'node_modules/@resvg')).filter((d) => d.startsWith('resvg-js-'));
    expect(natives.length).toBeGreaterThan(0);
  });

  it("passes electron-builder's schema validation", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    await expect(validateConfiguration(loadConfig(), { isEnabled: false, add() {} })).resolves.toBeUndefined();
  });

  it('flips the fuses that stop the app being used as a general Node runtime, and checks its asar', () => {
    const cfg = loadConfig();
    expect(cfg.asar).toBe(true);
    expect(cfg.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});

describe("the renderer's CSP", () => {
  it('index.html carries exactly the built policy: connect-src self, no ws wildcards', () => {
    const html = readFileSync(resolve(root, 'src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(buildCsp());
    expect(meta).not.toMatch(/ws:|\*/);
  });
});
