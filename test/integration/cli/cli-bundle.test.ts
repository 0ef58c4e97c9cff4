/**
 * bin/aurora-lab.js runs the CLI bundle (dist/cli/) only while it is newer than every source file and the lockfile,
 * and the TypeScript source through tsx otherwise: the real bin and scripts/cli-bundle.mjs, copied into a scratch
 * checkout whose "bundle" and "source" each print which one ran.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp-dir';

const REPO = resolve(import.meta.dirname, '../../..');
const d = tempDir('aurora-cli-bundle-');
afterAll(() => d.cleanup());
const root = d.path;
for (const dir of ['bin', 'scripts', 'dist/cli', 'src/main/cli', 'src/shared']) mkdirSync(join(root, dir), { recursive: true });
copyFileSync(join(REPO, 'bin/aurora-lab.js'), join(root, 'bin/aurora-lab.js'));
copyFileSync(join(REPO, 'scripts/cli-bundle.mjs'), join(root, 'scripts/cli-bundle.mjs'));
symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
writeFileSync(join(root, 'package-lock.json'), '{}\n');
writeFileSync(join(root, 'src/main/cli/main.ts'), "export async function main(argv: string[]): Promise<number> { process.stdout.write(`source ${argv.length}`); return 0; }\n");
writeFileSync(join(root, 'src/shared/x.ts'), 'export const x = 1;\n');
writeFileSync(join(root, 'dist/cli/main.js'), 'export async function main(argv) { process.stdout.write(`bundle ${argv.length}`); return 0; }\n');

const at = (path: string, s: number) => utimesSync(join(root, path), s, s);
const ran = (env: NodeJS.ProcessEnv = {}) => execFileSync(process.execPath, [join(root, 'bin/aurora-lab.js'), 'a', 'b'], { encoding: 'utf8', env: { ...process.env, ...env } });

describe('bin/aurora-lab.js: the bundle or the source', () => {
  it('runs the bundle when it is newer than every source and the lockfile, with the same argv', () => {
    for (const p of ['src/main/cli/main.ts', 'src/shared/x.ts', 'package-lock.json']) at(p, 1_000);
    at('dist/cli/main.js', 2_000);
    expect(ran()).toBe('bundle 4');
  });

  it('runs the source when any source file is newer than the bundle', () => {
    at('src/shared/x.ts', 3_000);
    expect(ran()).toBe('source 4');
    at('src/shared/x.ts', 1_000);
    expect(ran()).toBe('bundle 4');
  });

  it('runs the source when the lockfile is newer (bundled dependencies changed), or when asked to', () => {
    at('package-lock.json', 3_000);
    expect(ran()).toBe('source 4');
    at('package-lock.json', 1_000);
    expect(ran({ AURORA_LAB_CLI_FROM_SOURCE: '1' })).toBe('source 4');
  });
});
