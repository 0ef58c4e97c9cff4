import { InvalidArgumentError, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isHostName, isLoopbackAddress } from '../../server/request-guard';
import { openLab } from '../lab-from-options';
import { addBaseUrlOptions } from '../llm-options';
import { addListenOptions } from '../options';
import { waitForShutdownSignal } from '../signals';

function collectHost(value: string, prev: string[]): string[] {
  if (!isHostName(value)) throw new InvalidArgumentError(`--allow-host takes a host name or IP address without a port (got ${JSON.stringify(value)}).`);
  return [...prev, value];
}

/** out/web of the checkout: four folders up from this file in source, one up from the CLI bundle (dist/cli/). */
export function defaultWebRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'out', 'web', 'index.html'))) return join(dir, 'out', 'web');
    dir = resolve(dir, '..');
  }
  return resolve(fileURLToPath(new URL('../../../../out/web', import.meta.url)));
}

export function registerServeCommand(program: Command): void {
  addBaseUrlOptions(addListenOptions(program.command('serve').description('serve the lab UI and API over HTTP + WebSocket (the same UI as the desktop app, in a browser)'), 0))
    .option('--allow-host <name>', 'another Host name the server answers to (repeatable), e.g. this machine\'s name on the network', collectHost, [])
    .option('--web-root <dir>', 'the built renderer (npm run build:web)', defaultWebRoot())
    .action(async (opts: { port: number; host: string; allowHost: string[]; webRoot: string }, cmd: Command) => {
      if (!isLoopbackAddress(opts.host)) {
        process.stderr.write(`warning: listening on ${opts.host} exposes the lab beyond this computer; anyone with the URL's token can drive your phones.\n`);
      }
      // Listen for signals before printing the URL: a caller may stop the server as soon as it reads it.
      const shutdown = waitForShutdownSignal();
      const lab = await openLab(cmd, { host: 'http' });
      // Loaded here: the server (and ws) are for this command only; every other command starts faster without them.
      const { serveLab } = await import('../../server/serve');
      const server = await serveLab({ handlers: lab.handlers, events: lab.events, host: opts.host, allowHosts: opts.allowHost, port: opts.port, webRoot: opts.webRoot }).catch(
        async (err: unknown) => {
          await lab.close();
          throw err;
        },
      );
      process.stdout.write(`Aurora Lab is serving at ${server.url}\n`);
      await shutdown;
      await server.close();
      await lab.close();
    });
}
