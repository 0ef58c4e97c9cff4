import type { Command } from 'commander';
import { waitFor } from '../../../shared/kit/backoff';
import { ensureDevices } from '../follow';
import { openLab, withLab } from '../lab-from-options';
import { intOption } from '../options';
import { printJson } from '../output';

/** `aurora-lab capture --device S --out DIR`: what the lab reads from a phone, saved for a bug report or a replay. */
export function registerCaptureCommand(program: Command): void {
  program
    .command('capture')
    .description('save what the lab reads from a phone (getprop, /proc, dumpsys, power-supply nodes, thermal zones, ODPM, a few seconds of power readings) into a folder; replay it with `virtual-phone --replay DIR`')
    .requiredOption('--device <serial>', 'the device, as `aurora-lab devices` lists it')
    .option('--out <dir>', 'a new or empty folder (default: <lab home>/captures/<serial>-<time>)')
    .option('--seconds <n>', 'length of the power time series', intOption('--seconds', 1, 60), 3)
    .option('--json', 'print JSON')
    .action(async (opts: { device: string; out?: string; seconds: number; json?: boolean }, cmd: Command) => {
      await withLab(openLab(cmd), async (lab) => {
        await ensureDevices(lab, [opts.device]);
        // A phone plugged in (or connected) a moment ago may not be listed online yet.
        await waitFor(async () => (await lab.api.devices.get({ serial: opts.device }).catch(() => null))?.state === 'device', { timeoutMs: 10_000, intervalMs: 100 });
        const r = await lab.api.devices.capture({ serial: opts.device, seconds: opts.seconds, ...(opts.out ? { outDir: opts.out } : {}) });
        if (opts.json) {
          printJson(r);
          return;
        }
        const m = r.manifest.device;
        process.stdout.write(`Captured ${m.manufacturer ?? '?'} ${m.model ?? '?'} (Android ${m.androidRelease ?? '?'}): ${r.files.length} files and ${r.seriesRows} power readings in ${r.dir}\n`);
        for (const w of r.manifest.warnings) process.stdout.write(`note: ${w}\n`);
        process.stdout.write(`Replay it with: aurora-lab virtual-phone --replay ${r.dir}\n`);
      });
    });
}
