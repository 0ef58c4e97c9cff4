/**
 * `profile` starts a campaign (every model on every device over a sampled prompt set, with repetitions), `resume`
 * continues one, `campaigns` lists, shows, exports and deletes them. The id `profile` prints works in every
 * command that takes runs (a campaign id stands for all its runs).
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import type { CampaignProgress } from '../../../shared/api/campaigns';
import { campaignStartSchema } from '../../../shared/api/campaigns';
import { LabError } from '../../api/lab-error';
import type { Lab } from '../../lab/lab';
import { labHome } from '../../store/lab-home';
import { ensureDevices, followCampaign } from '../follow';
import { openLab, openOfflineLab, withLab } from '../lab-from-options';
import { addMeasureOptions, measureRequest, type MeasureFlags } from '../measure-options';
import { formatOption, intOption, listOption } from '../options';
import { asUsage, printJson, printRows, usage } from '../output';
import { campaignsTable, printCampaign, printConditions, progressLine } from '../views/campaigns';
import { collect, MODEL_DIR_HELP, registerModelDirs } from '../model-dirs';

interface ProfileOptions extends MeasureFlags {
  devices: string[];
  models?: string[];
  modelDir?: string[];
  dataset: string;
  subjects?: string[];
  n: number;
  reps?: number;
  seed?: string;
  warmup?: number;
  batteryFloor?: number;
  download: boolean;
  json?: boolean;
}

/** The command line as a `campaigns.start` request; a bad flag is bad usage naming it. */
function startRequest(opts: ProfileOptions) {
  const parsed = campaignStartSchema.safeParse({
    devices: opts.devices,
    models: opts.models,
    dataset: opts.dataset,
    ...(opts.subjects ? { subjects: opts.subjects } : {}),
    n: opts.n,
    ...(opts.reps !== undefined ? { reps: opts.reps } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.warmup !== undefined ? { warmup: opts.warmup } : {}),
    ...measureRequest(opts),
    ...(opts.batteryFloor !== undefined ? { batteryFloor: { minPct: opts.batteryFloor } } : {}),
    download: opts.download,
  });
  if (!parsed.success) usage(parsed.error.issues.map((i) => `--${String(i.path[0] ?? 'request')}${i.path.length > 1 ? `[${i.path.slice(1).join('.')}]` : ''}: ${i.message}`).join('; '));
  return parsed.data;
}

/** Progress on stderr: at most once a second, and on every change of a device's state. */
function progressPrinter(): (p: CampaignProgress) => void {
  let lastAt = 0;
  let lastStates = '';
  return (p) => {
    const states = p.devices.map((d) => `${d.state}:${d.modelId}`).join(',');
    const now = Date.now();
    if (now - lastAt < 1000 && states === lastStates && p.done < p.total) return;
    lastAt = now;
    lastStates = states;
    process.stderr.write(`${progressLine(p)}\n`);
  };
}

/** The campaign's summary once it ended; a campaign that did not finish is a failure of the command. */
async function finish(lab: Lab, campaignId: string, json: boolean, final?: CampaignProgress): Promise<void> {
  // Halted here (the disk is full, or another lab process took the campaign over): the cause, not the stored state.
  if (final?.status === 'interrupted') throw new LabError('failed', final.message);
  const detail = await lab.api.campaigns.detail({ campaignId, sections: ['models', 'conditions'] });
  const c = detail.campaign;
  if (json) printJson({ campaign: c, models: detail.models, conditions: detail.conditions });
  else printCampaign(c, detail);
  if (c.status !== 'done') throw new LabError('failed', `The campaign ended ${c.status}: ${c.error ?? 'see above'} (stored results are kept; \`aurora-lab resume ${campaignId}\` continues it).`);
}

export function registerCampaignCommands(program: Command): void {
  const profile = program
    .command('profile')
    .description('Start a campaign: every model on every device over a sampled prompt set, with repetitions (one run per device)')
    .requiredOption('--devices <serials>', 'comma-separated serials (or host:port of network devices / virtual phones)', listOption)
    .option('--models <ids>', 'comma-separated model ids, e.g. gemma-270m,qwen-600m', listOption)
    .option('--model-dir <id=dir>', MODEL_DIR_HELP, collect)
    .requiredOption('--dataset <set>', "'starter', 'mmlu' (downloaded once), or a path to an MMLU folder/CSV or a JSONL file")
    .option('--subjects <names>', "only these subjects (topics) of the set, comma-separated, e.g. astronomy,virology (MMLU's 57 or the starter set's 6)", listOption)
    .requiredOption('--n <n>', 'prompts to sample (stratified by subject)', intOption('--n', 1, 1_000_000))
    .option('--reps <n>', 'repetitions (each in its own seeded order)', intOption('--reps', 1, 100))
    .option('--seed <seed>', 'seed of the sample and the orders (default: random, stored)')
    .option('--warmup <n>', 'warm-up prompts per model (discarded)', intOption('--warmup', 0, 20));
  addMeasureOptions(profile, { maxTokens: 'max output tokens per prompt (default 64)', baseline: 'idle baseline window before each model', coolTemp: 'thermal gate before each model: wait until battery/skin are under this' })
    .option('--battery-floor <pct>', 'pause a device under this battery level until it is charged (default 15)', intOption('--battery-floor', 0, 100))
    .option('--no-download', "do not download 'mmlu' if it is not cached")
    .option('--json', 'print the summary as JSON (progress stays on stderr)')
    .action(async (opts: ProfileOptions, cmd: Command) => {
      if (!opts.models?.length && !opts.modelDir?.length) usage('give the models with --models IDS and/or --model-dir ID=DIR');
      const g = cmd.optsWithGlobals<{ home?: string }>();
      const local = await registerModelDirs(g.home ?? labHome(), opts.modelDir).catch(asUsage);
      const req = startRequest({ ...opts, models: [...new Set([...(opts.models ?? []), ...local])] });
      await withLab(openLab(cmd), async (lab) => {
        await ensureDevices(lab, req.devices);
        const { started, final } = await followCampaign(
          lab,
          async () => {
            const s = await lab.api.campaigns.start(req).catch(asUsage);
            process.stderr.write(`campaign ${s.campaignId}: ${s.total} prompt results planned (devices x models x n x reps); runs ${s.runIds.join(', ')}\n`);
            return s;
          },
          (s) => s.campaignId,
          progressPrinter(),
        );
        await finish(lab, started.campaignId, opts.json === true, final);
      });
    });

  program
    .command('resume')
    .description('Continue an interrupted (or cancelled, partial) campaign exactly where it stopped')
    .argument('<campaign>', 'the campaign id (as `aurora-lab profile` printed it, or `aurora-lab campaigns` lists it)')
    .option('--json', 'print the summary as JSON')
    .action(async (campaignId: string, opts: { json?: boolean }, cmd: Command) =>
      withLab(openLab(cmd), async (lab) => {
        const info = await lab.api.campaigns.get({ campaignId });
        await ensureDevices(lab, info.serials);
        const { final } = await followCampaign(
          lab,
          async () => {
            const r = await lab.api.campaigns.resume({ campaignId }).catch(asUsage);
            process.stderr.write(`campaign ${campaignId}: resuming, ${r.remaining} prompt result(s) left\n`);
            return r;
          },
          (r) => r.campaignId,
          progressPrinter(),
        );
        await finish(lab, campaignId, opts.json === true, final);
      }),
    );

  const campaigns = program.command('campaigns').description('Stored campaigns: list, show, export, delete');
  campaigns
    .command('list', { isDefault: true })
    .description('List campaigns (newest first)')
    .option('--device <serial>', 'only campaigns on this device')
    .option('--model <id>', 'only campaigns with this model')
    .addOption(new Option('--status <status>', 'only campaigns with this status').choices(['running', 'done', 'partial', 'failed', 'cancelled', 'interrupted']))
    .option('--dataset <text>', 'data set name or path contains')
    .addOption(new Option('--sort <key>', 'sort by').choices(['created', 'duration', 'energy', 'n', 'status', 'dataset']).default('created'))
    .option('--asc', 'ascending order')
    .option('--json', 'print JSON')
    .option('--format <format>', 'table, csv or md', formatOption)
    .action(async (opts: { device?: string; model?: string; status?: 'running'; dataset?: string; sort: 'created'; asc?: boolean; json?: boolean; format?: 'table' }, cmd: Command) =>
      withLab(openOfflineLab(cmd), async (lab) => {
        const rows = await lab.api.campaigns.list({
          ...(opts.device ? { serial: opts.device } : {}),
          ...(opts.model ? { modelId: opts.model } : {}),
          ...(opts.status ? { status: opts.status } : {}),
          ...(opts.dataset ? { dataset: opts.dataset } : {}),
          sort: opts.sort,
          ...(opts.asc ? { order: 'asc' as const } : {}),
        });
        if (opts.json) printJson(rows);
        else printRows(campaignsTable(rows), opts);
      }),
    );
  campaigns
    .command('show')
    .description('A campaign: per-model accuracy (95% CI), latency and energy; each run\'s conditions')
    .argument('<campaign>', 'campaign id')
    .option('--json', 'print the full detail as JSON')
    .action(async (campaignId: string, opts: { json?: boolean }, cmd: Command) =>
      withLab(openOfflineLab(cmd), async (lab) => {
        const detail = await lab.api.campaigns.detail({ campaignId });
        if (opts.json) return printJson(detail);
        printCampaign(detail.campaign, detail);
        printConditions(detail);
      }),
    );
  campaigns
    .command('export')
    .description('Export every prompt result of a campaign (one row each, with the simulated flag)')
    .argument('<campaign>', 'campaign id')
    .addOption(new Option('--format <format>', 'csv or json').choices(['csv', 'json']).makeOptionMandatory())
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (campaignId: string, opts: { format: 'csv' | 'json'; out?: string }, cmd: Command) =>
      withLab(openOfflineLab(cmd), async (lab) => {
        const r = await lab.api.campaigns.export({ campaignId, format: opts.format });
        if (!opts.out) return void process.stdout.write(r.text);
        await writeFile(opts.out, r.text);
        process.stderr.write(`wrote ${opts.out}\n`);
      }),
    );
  campaigns
    .command('delete')
    .description('Delete a campaign and everything under it (its runs, results, samples)')
    .argument('<campaign>', 'campaign id')
    .option('--yes', 'confirm the deletion')
    .action(async (campaignId: string, opts: { yes?: boolean }, cmd: Command) => {
      if (!opts.yes) usage(`Deleting campaign ${campaignId} removes all its runs and results; add --yes to confirm.`);
      await withLab(openOfflineLab(cmd), async (lab) => {
        const r = await lab.api.campaigns.delete({ campaignId });
        process.stdout.write(r.deleted ? `deleted campaign ${campaignId}\n` : `no campaign ${campaignId}\n`);
      });
    });
}
