/** `report CAMPAIGN [--compare ID] --out report.html`: one self-contained HTML file to share (opens offline). */
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { openOfflineLab, withLab } from '../lab-from-options';

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('Write a self-contained HTML report of a campaign (conditions, per-model results, the comparison, charts); it opens offline')
    .argument('<campaign>', 'campaign id (as `aurora-lab profile` or `aurora-lab benchmark` printed it)')
    .option('--compare <id>', 'a comparison of this campaign (`aurora-lab compare --run CAMPAIGN` prints its id) for the strategy table and charts')
    .requiredOption('--out <file>', 'the HTML file to write')
    .action(async (campaignId: string, opts: { compare?: string; out: string }, cmd: Command) =>
      withLab(openOfflineLab(cmd), async (lab) => {
        const r = await lab.api.benchmark.report({ campaignId, ...(opts.compare ? { comparisonId: opts.compare } : {}) });
        await writeFile(opts.out, r.content);
        process.stdout.write(`wrote ${opts.out} (${Math.round(r.bytes / 1024)} KiB)\n`);
      }),
    );
}
