import type { Command } from 'commander';
import type { CaptureResult } from '../../../shared/devices';
import { dispatch } from '../../api/dispatch';
import { openLab } from '../lab-from-options';
import { intOption } from '../main';
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
      const lab = await openLab(cmd);
      try {
        await lab.devices.settled(15_000);
        // A phone plugged in (or connected) a moment ago may not be listed online yet.
        const deadline = Date.now() + 10_000;
        while (lab.devices.get(opts.device)?.state !== 'device' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        const r = (await dispatch(lab.handlers, 'devices', 'capture', {
          serial: opts.device,
          seconds: opts.seconds,
          ...(opts.out ? { outDir: opts.out } : {}),
        })) as CaptureResult;
        if (opts.json) {
          printJson(r);
          return;
        }
        const m = r.manifest.device;
        process.stdout.write(`Captured ${m.manufacturer ?? '?'} ${m.model ?? '?'} (Android ${m.androidRelease ?? '?'}): ${r.files.length} files and ${r.seriesRows} power readings in ${r.dir}\n`);
        for (const w of r.manifest.warnings) process.stdout.write(`note: ${w}\n`);
        process.stdout.write(`Replay it with: aurora-lab virtual-phone --replay ${r.dir}\n`);
      } finally {
        await lab.close();
      }
    });
}
