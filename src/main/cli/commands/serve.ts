import type { Command } from 'commander';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLab } from '../lab-from-options';
import { addListenOptions } from '../options';
import { waitForShutdownSignal } from '../signals';

export function defaultWebRoot(): string {
  return resolve(fileURLToPath(new URL('../../../../out/web', import.meta.url)));
}

export function registerServeCommand(program: Command): void {
  addListenOptions(program.command('serve').description('serve the lab UI and API over HTTP + WebSocket (the same UI as the desktop app, in a browser)'), 0)
    .option('--web-root <dir>', 'the built renderer (npm run build:web)', defaultWebRoot())
    .action(async (opts: { port: number; host: string; webRoot: string }, cmd: Command) => {
      if (!['127.0.0.1', 'localhost', '::1'].includes(opts.host)) {
        process.stderr.write(`warning: listening on ${opts.host} exposes the lab beyond this computer; anyone with the URL's token can drive your phones.\n`);
      }
      // Listen for signals before printing the URL: a caller may stop the server as soon as it reads it.
      const shutdown = waitForShutdownSignal();
      const lab = await openLab(cmd, { host: 'http' });
      // Loaded here: the server (and ws) are for this command only; every other command starts faster without them.
      const { serveLab } = await import('../../server/serve');
      const server = await serveLab({ handlers: lab.handlers, events: lab.events, host: opts.host, port: opts.port, webRoot: opts.webRoot }).catch(
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
