// `npm start` (and `npm run dev` with --dev): the desktop app when Electron can run here, otherwise the same UI
// through `aurora-lab serve` in the default browser, said plainly. Nothing here takes a shell string: every child
// process gets its arguments as an array.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronStatus, wantedElectron } from './electron-status.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const dev = args.includes('--dev');
const noBrowser = args.includes('--no-browser') || Boolean(process.env.AURORA_LAB_NO_BROWSER);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function run(cmd, cmdArgs) {
  return spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' }).status === 0;
}

function say(line) {
  process.stderr.write(`${line}\n`);
}

/** The OS's own "open this URL" program, or null where there is none to try (no desktop session). */
function browserOpener(url) {
  if (process.platform === 'darwin') return ['open', [url]];
  if (process.platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]];
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return null;
  return ['xdg-open', [url]];
}

function openBrowser(url) {
  const opener = browserOpener(url);
  if (!opener) {
    say(`No desktop session was found to open a browser in: open ${url} in a browser on this machine.`);
    return;
  }
  const child = spawn(opener[0], opener[1], { stdio: 'ignore', detached: true });
  child.on('error', () => say(`Could not start ${opener[0]}: open ${url} in a browser.`));
  child.unref();
}

function startInBrowser(why) {
  say(`Aurora Lab: the desktop app cannot start here: ${why}.`);
  say(`Opening the same UI in your browser through \`aurora-lab serve\` instead (everything works the same; API keys come from ANTHROPIC_API_KEY / GEMINI_API_KEY in the environment, since the browser build cannot use the OS keychain).`);
  say(`For the desktop app later: \`npm install electron@${wantedElectron(root)}\` where github.com is reachable, then \`npm start\`.`);
  // A previous desktop start may have left better-sqlite3 built for Electron's ABI.
  if (!run(process.execPath, [join(root, 'scripts/ensure-node-abi.mjs')])) process.exit(1);
  if (!existsSync(join(root, 'out/web/index.html'))) {
    say('Building the UI once (npm run build:web)...');
    if (!run(npm, ['run', '--silent', 'build:web'])) process.exit(1);
  }
  const serve = spawn(process.execPath, [join(root, 'bin/aurora-lab.js'), 'serve'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let buffered = '';
  let opened = false;
  serve.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (opened) return;
    buffered += chunk.toString();
    const url = /https?:\/\/\S+/.exec(buffered)?.[0];
    if (url) {
      opened = true;
      if (noBrowser) say(`Open ${url} in a browser.`);
      else openBrowser(url);
      say('Stop with Ctrl-C.');
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => serve.kill(signal));
  serve.on('exit', (code) => process.exit(code ?? 0));
}

const status = electronStatus();
const noDesktop = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
if (!status.ok) {
  startInBrowser(status.reason);
} else if (noDesktop) {
  startInBrowser('there is no desktop session (neither DISPLAY nor WAYLAND_DISPLAY is set)');
} else if (!run(npm, ['run', '--silent', 'rebuild:electron'])) {
  // install-app-deps needs Electron's headers from the network to rebuild the SQLite module for its ABI.
  startInBrowser('the SQLite module could not be rebuilt for Electron (electron-builder install-app-deps failed above)');
} else {
  process.exitCode = run(npx, ['electron-vite', dev ? 'dev' : 'preview']) ? 0 : 1;
}
