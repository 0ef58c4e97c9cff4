/**
 * Router profiles: `build-profile` (from runs or campaigns, written to a file and stored), `route`, `import-profile`,
 * `export-profile`, `profiles`. A profile file is read here and sent as a document (`profileJson`), so files and
 * stored router profiles go through the same API.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseEmbeddingText } from '../../../shared/kit/embedding-text';
import { LabError } from '../../api/lab-error';
import type { ProfileSummary } from '../../../shared/api/profiles';
import { parseProfileText } from '../../profiles/files';
import { readProfileFile } from '../../routing';
import { openLab, openOfflineLab, withLab } from '../lab-from-options';
import { collect, formatOption, kOption, preferenceOption, seedOption } from '../options';
import { printJson, printRows } from '../output';
import { cancelOnInterrupt, reportCancelled } from '../signals';
import { printDecision, profilesTable, summaryLine } from '../views/profiles';

/** A profile file's text (v2 or seed v1), refusing files above the size limit before reading them. */
function readProfile(file: string): string {
  if (!existsSync(file)) throw new LabError('bad-request', `No router profile file ${file}.`);
  return Buffer.from(readProfileFile(file)).toString('utf8');
}

/** Errors about a file's content name the file. */
function inFile(file: string): (err: unknown) => never {
  return (err: unknown) => {
    if (err instanceof LabError) throw new LabError(err.code, `${file}: ${err.message}`, err.issues);
    throw err;
  };
}

/** `--embedding FILE.json`: a JSON array of numbers, an object with `embedding` or `vector`, or plain numbers. */
export function readEmbeddingFile(file: string): number[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const missing = err instanceof Error && 'code' in err && err.code === 'ENOENT';
    throw new LabError('bad-request', `--embedding ${file}: ${missing ? 'no such file' : err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = parseEmbeddingText(text);
  if (!parsed.ok) throw new LabError('bad-request', `--embedding ${file}: ${parsed.error}`);
  return parsed.vector;
}

/** What a route decision says about a profile file: format, embedder, K, simulated. */
function fileLabel(json: string): string {
  const { profile: p, source } = parseProfileText(json);
  return `${source === 'imported-seed-v1' ? 'seed v1' : 'v2'}, ${p.embedder.type === 'external' ? p.embedder.model : p.embedder.type}, K=${p.clusters.k}${p.provenance.simulated ? ', SIMULATED' : ''}`;
}

function storedLabel(s: ProfileSummary): string {
  return `${s.source}, ${s.embedder.model ?? s.embedder.type}, K=${s.k}${s.simulated ? ', SIMULATED' : ''}`;
}

interface BuildOpts {
  run: string[];
  k: 'auto' | number;
  embedder: 'lexical' | 'device';
  device?: string;
  embedModel?: string;
  seed?: number;
  name?: string;
  cost?: 'size' | 'latency' | 'energy';
  out: string;
  json?: boolean;
  store: boolean;
}

interface RouteOpts {
  profile: string;
  prompt?: string;
  preference?: number;
  cost?: 'size' | 'latency' | 'energy';
  costDevice?: string;
  available?: string;
  require?: string[];
  embedding?: string;
  device?: string;
  json?: boolean;
}

function registerBuild(program: Command): void {
  program
    .command('build-profile')
    .description('build a router profile (v2) from measured runs or campaigns; also stored in the lab')
    .requiredOption('--run <id>', 'a run or campaign to build from (repeat to pool: a device class, or several devices)', collect)
    .option('--k <auto|N>', 'clusters: auto (chosen by validation log-loss over 2..20) or a fixed number', kOption, 'auto' as const)
    .addOption(new Option('--embedder <kind>', 'prompt embeddings: lexical (built in) or device (the runner on a phone)').choices(['lexical', 'device']).default('lexical'))
    .option('--device <serial>', 'device embedder: the phone to embed on')
    .option('--embed-model <id>', 'device embedder: an embedding-capable model', 'qwen-600m')
    .option('--seed <n>', 'seed for the split and k-means', seedOption)
    .option('--name <name>', 'name in the lab')
    .addOption(new Option('--cost <metric>', "the router profile's default cost metric").choices(['size', 'latency', 'energy']))
    .requiredOption('--out <file>', 'where to write the router profile (v2 JSON)')
    .option('--no-store', 'only write the file: the router profile does not stay in the lab')
    .option('--json', 'print the result as JSON')
    .action(async (opts: BuildOpts, cmd: Command) => {
      if (opts.embedder === 'device' && !opts.device) throw new LabError('bad-request', '--embedder device needs --device SERIAL (the phone that embeds the prompts).');
      const lab = opts.embedder === 'device' ? await openLab(cmd) : openOfflineLab(cmd);
      await withLab(lab, async () => {
        if (opts.embedder === 'device') await lab.api.devices.list({ settleMs: 20_000 });
        const onProgress = (p: { buildId: string; phase: string; message: string }) => {
          if (!opts.json && p.buildId === buildId) process.stderr.write(`[${p.phase}] ${p.message}\n`);
        };
        const buildId = `cli-${process.pid}-${Date.now()}`;
        lab.events.on('profiles.progress', onProgress);
        const interrupt = cancelOnInterrupt('router profile build', () => lab.api.profiles.cancelBuild({ buildId }));
        const building = lab.api.profiles.build({
          runIds: opts.run,
          k: opts.k,
          embedder: opts.embedder,
          buildId,
          ...(opts.device ? { deviceSerial: opts.device } : {}),
          ...(opts.embedder === 'device' ? { embedModel: opts.embedModel } : {}),
          ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
          ...(opts.name ? { name: opts.name } : {}),
          ...(opts.cost ? { costMetric: opts.cost } : {}),
        });
        const built = await building.catch((err: unknown) => (interrupt.interrupted() ? null : Promise.reject(err))).finally(() => interrupt.stop());
        lab.events.off('profiles.progress', onProgress);
        if (!built) return reportCancelled(`Router profile build cancelled; nothing was stored and ${opts.out} was not written.`);
        const file = await lab.api.profiles.export({ profileId: built.profileId, format: 'v2' });
        writeFileSync(opts.out, file.json);
        const detail = await lab.api.profiles.get({ profileId: built.profileId });
        if (!opts.store) await lab.api.profiles.delete({ profileId: built.profileId });
        const profileId = opts.store ? built.profileId : null;
        const ev = detail.evaluation;
        if (opts.json) {
          const { name, k, modelIds: models, simulated, checksum } = detail;
          return printJson({ out: opts.out, profileId, name, k, models, simulated, checksum, validationLogLoss: ev?.validationLogLoss ?? null, silhouette: ev?.silhouette ?? null, kSelection: ev?.kSelection ?? null });
        }
        process.stdout.write(
          `wrote ${opts.out}: ${detail.name}${detail.simulated ? ' (SIMULATED: built from virtual-phone runs)' : ''}\n` +
            `K=${detail.k}, ${detail.modelIds.length} models, ${detail.nPrompts} prompts; validation log-loss ${ev?.validationLogLoss?.toFixed(4) ?? 'n/a'}, silhouette ${ev?.silhouette?.toFixed(4) ?? 'n/a'}\n` +
            (profileId ? `stored in the lab as router profile ${profileId}\n` : ''),
        );
      });
    });
}

function registerRoute(program: Command): void {
  program
    .command('route')
    .description('route a prompt with a router profile file (v2 or seed v1) or a stored router profile id')
    .requiredOption('--profile <file|id>', 'a router profile file, or the id of one stored in the lab')
    .option('--prompt <text>', 'the prompt (not needed with --embedding)')
    .option('--preference <p>', "0 = small/fast .. 1 = quality (default: the router profile's)", preferenceOption)
    .addOption(new Option('--cost <metric>', "cost metric (default: the router profile's)").choices(['size', 'latency', 'energy']))
    .option('--cost-device <device>', "device of the latency/energy cost (default: the router profile's)")
    .option('--available <ids>', 'only these models may be picked (comma-separated)')
    .option('--require <capability>', 'a capability the model must have, e.g. vision (repeatable)', collect)
    .option('--embedding <file.json>', "the prompt's embedding (JSON array) for a router profile whose embedder the lab cannot run")
    .option('--device <serial>', 'embed on this phone (router profiles built with the device embedder)')
    .option('--json', 'print the decision as JSON')
    .action(async (opts: RouteOpts, cmd: Command) => {
      if (opts.prompt === undefined && opts.embedding === undefined) throw new LabError('bad-request', 'Give the prompt with --prompt TEXT (or its embedding with --embedding FILE.json).');
      const isFile = existsSync(opts.profile) || /[/\\.]/.test(opts.profile);
      const json = isFile ? readProfile(opts.profile) : undefined;
      // A file needs no lab home: an in-memory lab routes it (and a phone only when it embeds on one).
      const lab = opts.device ? await openLab(cmd) : openOfflineLab(cmd, isFile ? { inMemory: true } : {});
      await withLab(lab, async () => {
        if (opts.device) await lab.api.devices.list({ settleMs: 20_000 });
        const embedding = opts.embedding ? readEmbeddingFile(opts.embedding) : undefined;
        const d = await lab.api.profiles
          .route({
            ...(json !== undefined ? { profileJson: json } : { profileId: opts.profile }),
            ...(opts.prompt !== undefined ? { prompt: opts.prompt } : {}),
            ...(opts.preference !== undefined ? { preference: opts.preference } : {}),
            ...(opts.cost ? { costMetric: opts.cost } : {}),
            ...(opts.costDevice ? { costDevice: opts.costDevice } : {}),
            ...(opts.available ? { available: opts.available.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
            ...(opts.require ? { requiredCapabilities: opts.require } : {}),
            ...(opts.device ? { deviceSerial: opts.device } : {}),
            ...(embedding ? { embedding } : {}),
          })
          .catch(isFile ? inFile(opts.profile) : (e: unknown) => Promise.reject(e));
        if (opts.json) return printJson(d);
        printDecision(d, `${opts.profile} (${json !== undefined ? fileLabel(json) : storedLabel(await lab.api.profiles.get({ profileId: opts.profile }))})`);
      });
    });
}

function registerFiles(program: Command): void {
  program
    .command('import-profile')
    .description('import a router profile file (v2 or seed v1) into the lab')
    .argument('<file>', 'the router profile file')
    .option('--name <name>', 'name in the lab')
    .option('--json', 'print the stored router profile as JSON')
    .action(async (file: string, opts: { name?: string; json?: boolean }, cmd: Command) => {
      const json = readProfile(file);
      await withLab(openOfflineLab(cmd), async (lab) => {
        const stored = await lab.api.profiles.import({ json, ...(opts.name ? { name: opts.name } : {}) }).catch(inFile(file));
        if (opts.json) printJson(stored);
        else process.stdout.write(`imported ${file}\n${summaryLine(stored)}\n`);
      });
    });

  program
    .command('export-profile')
    .description('write a stored router profile (by id) or a router profile file as v2 or seed v1')
    .argument('<id|file>', 'a router profile id in the lab, or a router profile file')
    .addOption(new Option('--format <format>', 'output format').choices(['v2', 'seed-v1']).makeOptionMandatory())
    .requiredOption('--out <file>', 'where to write it')
    .option('--json', 'print what was written (and what the format dropped) as JSON')
    .action(async (what: string, opts: { format: 'v2' | 'seed-v1'; out: string; json?: boolean }, cmd: Command) => {
      const json = existsSync(what) ? readProfile(what) : undefined;
      const result = await withLab(openOfflineLab(cmd, json !== undefined ? { inMemory: true } : {}), (lab) =>
        lab.api.profiles.export(json !== undefined ? { profileJson: json, format: opts.format } : { profileId: what, format: opts.format }).catch(json !== undefined ? inFile(what) : (e: unknown) => Promise.reject(e)),
      );
      writeFileSync(opts.out, result.json);
      if (opts.json) return printJson({ out: opts.out, format: result.format, dropped: result.dropped });
      process.stdout.write(`wrote ${opts.out} (${opts.format})\n`);
      if (result.dropped.length > 0) process.stdout.write(`dropped by the seed v1 format:\n${result.dropped.map((d) => `  - ${d}`).join('\n')}\n`);
    });

  program
    .command('profiles')
    .description('list the router profiles stored in the lab')
    .option('--json', 'print JSON')
    .option('--format <format>', 'table, csv or md', formatOption)
    .action(async (opts: { json?: boolean; format?: 'table' }, cmd: Command) =>
      withLab(openOfflineLab(cmd), async (lab) => {
        const rows = await lab.api.profiles.list({});
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return void process.stdout.write('No router profiles. Build one with `aurora-lab build-profile --run ID --out FILE`, or import one with `aurora-lab import-profile FILE`.\n');
        printRows(profilesTable(rows), opts);
      }),
    );
}

/** `build-profile`, `route`, `import-profile`, `export-profile`, `profiles`. */
export function registerProfileCommands(program: Command): void {
  registerBuild(program);
  registerRoute(program);
  registerFiles(program);
}
