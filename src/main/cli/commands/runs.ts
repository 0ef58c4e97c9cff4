/**
 * `runs`: every run, quick runs and campaigns' runs alike; `show`, `export` and `delete` take a run id or a
 * campaign id (meaning all its runs), so the ids `run`, `profile` and `runs` print all work here.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LabError } from '../../api/lab-error';
import type { Lab } from '../../lab/lab';
import { openOfflineLab, withLab } from '../lab-from-options';
import { formatOption, intOption } from '../options';
import { printJson, printRows, usage } from '../output';
import { printCampaign, printConditions } from '../views/campaigns';
import { printRun, runsTable } from '../views/runs';
import { groupFolder } from '../../../shared/api/benchmark';
import { writeExportFiles } from './export-files';

/** Whether an id is a run's (else it is taken as a campaign's). */
async function isRun(lab: Lab, id: string): Promise<boolean> {
  return lab.api.runs.get({ runId: id }).then(
    () => true,
    (err: unknown) => {
      if (err instanceof LabError && err.code === 'not-found') return false;
      throw err;
    },
  );
}

export function registerRunsCommands(program: Command): void {
  const runs = program.command('runs').description('Stored runs (quick runs and campaigns\' runs): list, show, export, delete');
  runs
    .command('list', { isDefault: true })
    .description('List runs (newest first)')
    .option('--device <serial>', 'only runs on this device')
    .addOption(new Option('--kind <kind>', 'only quick runs or campaigns\' runs').choices(['quick', 'campaign']))
    .option('--campaign <id>', 'only the runs of this campaign')
    .option('--limit <n>', 'at most this many', intOption('--limit', 1, 1000), 100)
    .option('--json', 'print JSON')
    .option('--format <format>', 'table, csv or md', formatOption)
    .action(async (opts: { device?: string; kind?: 'quick' | 'campaign'; campaign?: string; limit: number; json?: boolean; format?: 'table' }, cmd: Command) =>
      withLab(openOfflineLab(cmd), async (lab) => {
        const rows = await lab.api.runs.list({
          ...(opts.device ? { serial: opts.device } : {}),
          ...(opts.kind ? { kind: opts.kind } : {}),
          ...(opts.campaign ? { campaignId: opts.campaign } : {}),
          limit: opts.limit,
        });
        if (opts.json) printJson(rows);
        else printRows(runsTable(rows), opts);
      }),
    );
  runs
    .command('show')
    .description('A run with its per-prompt figures; a campaign id shows the campaign and each of its runs')
    .argument('<run>', 'run id or campaign id')
    .option('--json', 'print the detail as JSON')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) =>
      withLab(openOfflineLab(cmd), async (lab) => {
        if (await isRun(lab, id)) {
          const run = await lab.api.runs.get({ runId: id });
          const results = await lab.api.runs.results({ runId: id });
          return opts.json ? printJson({ run, results }) : printRun(run, results);
        }
        const detail = await lab.api.campaigns.detail({ campaignId: id }).catch((err: unknown) => {
          if (err instanceof LabError && err.code === 'not-found') throw new LabError('not-found', `No run or campaign ${id} in this lab. \`aurora-lab runs\` lists runs, \`aurora-lab campaigns\` lists campaigns.`);
          throw err;
        });
        if (opts.json) return printJson(detail);
        printCampaign(detail.campaign, detail);
        printConditions(detail);
      }),
    );
  runs
    .command('export')
    .description('Export every prompt result of a run, or of every run of a campaign (one row each, with the simulated flag)')
    .argument('<run>', 'run id or campaign id')
    .addOption(new Option('--format <format>', 'csv or json').choices(['csv', 'json']))
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--charts <dir>', "write the run's charts (SVG and PNG; a campaign: one folder per run)")
    .action(async (runId: string, opts: { format?: 'csv' | 'json'; out?: string; charts?: string }, cmd: Command) =>
      withLab(openOfflineLab(cmd), async (lab) => {
        if (!opts.format && !opts.charts) usage('give --format csv|json (the prompt results) and/or --charts DIR');
        if (opts.charts) {
          const ids = (await isRun(lab, runId)) ? [runId] : (await lab.api.campaigns.get({ campaignId: runId })).runIds;
          let n = 0;
          for (const id of ids) n += (await writeExportFiles(ids.length > 1 ? join(opts.charts, groupFolder(id)) : opts.charts, (await lab.api.benchmark.charts({ runId: id })).files)).length;
          process.stderr.write(`wrote ${n} chart files to ${opts.charts}\n`);
        }
        if (!opts.format) return;
        const r = await lab.api.runs.export({ runId, format: opts.format });
        if (!opts.out) return void process.stdout.write(r.text);
        await writeFile(opts.out, r.text);
        process.stderr.write(`wrote ${opts.out}\n`);
      }),
    );
  runs
    .command('delete')
    .description('Delete a quick run, or a campaign with all its runs (a campaign id)')
    .argument('<run>', 'run id or campaign id')
    .option('--yes', 'confirm the deletion')
    .action(async (id: string, opts: { yes?: boolean }, cmd: Command) => {
      if (!opts.yes) usage(`Deleting ${id} removes all its results; add --yes to confirm.`);
      await withLab(openOfflineLab(cmd), async (lab) => {
        const run = await isRun(lab, id);
        const r = run ? await lab.api.runs.delete({ runId: id }) : await lab.api.campaigns.delete({ campaignId: id });
        process.stdout.write(r.deleted ? `deleted ${run ? 'run' : 'campaign'} ${id}\n` : `no run or campaign ${id}\n`);
      });
    });
}
