import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ProfileSummary, RouteDecision } from '../../../shared/api/profiles';
import { LabError } from '../../api/lab-error';
import { Lab } from '../../lab/lab';
import { ProfileService, exportProfile, parseProfileText } from '../../profiles/service';
import type { ProfileV2 } from '../../routing';
import { readProfileFile } from '../../routing';
import { openDatabase } from '../../store/database';
import { toLabError } from '../../profiles/views';
import { openLab } from '../lab-from-options';
import { formatTable, printJson } from '../output';

/** A lab on the CLI's home without device tracking (no adb needed): for commands that only use the database. */
function openOfflineLab(cmd: Command): Lab {
  const g = cmd.optsWithGlobals<{ home?: string; adb?: string }>();
  return new Lab({ host: 'cli', ...(g.home ? { home: g.home } : {}), ...(g.adb ? { adbPath: g.adb } : {}) });
}

function kOption(value: string): 'auto' | number {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) throw new InvalidArgumentError('--k must be auto or a whole number from 1 to 64.');
  return n;
}

function seedOption(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 2 ** 31 - 1) throw new InvalidArgumentError('--seed must be a whole number from 0 to 2147483647.');
  return n;
}

function preferenceOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('--preference must be a number from 0 (small/fast) to 1 (quality).');
  return n;
}

const collect = (value: string, prev: string[] = []) => [...prev, value];

/** Reads a profile file (v2 or seed v1), refusing files above the size limit before reading them. */
function readProfile(file: string): ProfileV2 {
  if (!existsSync(file)) throw new LabError('bad-request', `No profile file ${file}.`);
  let bytes: Buffer;
  try {
    bytes = readProfileFile(file);
  } catch (err) {
    throw toLabError(err);
  }
  try {
    return parseProfileText(bytes).profile;
  } catch (err) {
    if (err instanceof LabError) throw new LabError(err.code, `${file}: ${err.message}`, err.issues);
    throw err;
  }
}

/** `--embedding FILE.json`: a JSON array of numbers, or an object with `embedding` or `vector`. */
export function readEmbeddingFile(file: string, dim: number, embedderName: string): number[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new LabError('bad-request', `--embedding ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not JSON (${err instanceof Error ? err.message : String(err)})`}`);
  }
  let field = '(document)';
  let v: unknown = doc;
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    field = 'embedding' in doc ? 'embedding' : 'vector';
    v = (doc as Record<string, unknown>)[field];
  }
  if (!Array.isArray(v)) throw new LabError('bad-request', `--embedding ${file}: ${field}: expected an array of numbers (or {"embedding": [...]})`);
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new LabError('bad-request', `--embedding ${file}: ${field}[${i}]: expected a finite number, got ${JSON.stringify(x)}`);
  });
  if (v.length !== dim) throw new LabError('bad-request', `--embedding ${file}: ${field}: expected ${dim} values (the profile's embedder ${embedderName} has dimension ${dim}), got ${v.length}`);
  return v as number[];
}

function summaryLine(s: ProfileSummary): string {
  return `${s.id}  ${s.name}  (K=${s.k}, ${s.modelIds.length} models, ${s.embedder.model ?? s.embedder.type}${s.simulated ? ', SIMULATED' : ''})`;
}

function printDecision(d: RouteDecision, label: string): void {
  const out = process.stdout;
  const metric = d.costMetric.kind === 'size' ? 'size (MB)' : `${d.costMetric.kind} on ${d.costMetric.device}`;
  out.write(`profile ${label}\n`);
  out.write(`cluster ${d.cluster}${d.clusterInfo.size ? ` (${d.clusterInfo.size} training prompts)` : ''}${d.clusterInfo.topTerms.length ? `; terms: ${d.clusterInfo.topTerms.slice(0, 6).join(', ')}` : ''}\n`);
  out.write(`preference ${d.preference} -> lambda ${+d.lambda.toFixed(6)}; cost metric ${metric}; embedded with ${d.embeddedWith}\n\n`);
  out.write(
    `${formatTable(
      ['MODEL', 'ERROR', 'COST', 'COST NORM', 'SCORE', ''],
      d.scores.map((s) => [s.modelId, s.errorRate.toFixed(4), +s.cost.toFixed(3), s.costNorm.toFixed(4), s.score === null ? 'filtered' : s.score.toFixed(4), s.modelId === d.pick ? '<- pick' : '']),
      [1, 2, 3, 4],
    )}\n\npick: ${d.pick}\n`,
  );
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
  prompt: string;
  preference?: number;
  cost?: 'size' | 'latency' | 'energy';
  costDevice?: string;
  available?: string;
  require?: string[];
  embedding?: string;
  device?: string;
  json?: boolean;
}

/** `build-profile`, `route`, `import-profile`, `export-profile`, `profiles`. */
export function registerProfileCommands(program: Command): void {
  program
    .command('build-profile')
    .description('build a router profile (v2) from measured runs; also stored in the lab')
    .requiredOption('--run <id>', 'a run to build from (repeat to pool runs: a device class, or several devices)', collect)
    .option('--k <auto|N>', 'clusters: auto (chosen by validation log-loss over 2..20) or a fixed number', kOption, 'auto' as const)
    .addOption(new Option('--embedder <kind>', 'prompt embeddings: lexical (built in) or device (the runner on a phone)').choices(['lexical', 'device']).default('lexical'))
    .option('--device <serial>', 'device embedder: the phone to embed on')
    .option('--embed-model <id>', 'device embedder: an embedding-capable model', 'qwen-600m')
    .option('--seed <n>', 'seed for the split and k-means', seedOption)
    .option('--name <name>', 'name in the lab')
    .addOption(new Option('--cost <metric>', "the profile's default cost metric").choices(['size', 'latency', 'energy']))
    .requiredOption('--out <file>', 'where to write the profile (v2 JSON)')
    .option('--no-store', 'only write the file, do not store the profile in the lab')
    .option('--json', 'print the result as JSON')
    .action(async (opts: BuildOpts, cmd: Command) => {
      if (opts.embedder === 'device' && !opts.device) throw new LabError('bad-request', '--embedder device needs --device SERIAL (the phone that embeds the prompts).');
      const lab = opts.embedder === 'device' ? await openLab(cmd) : openOfflineLab(cmd);
      try {
        if (opts.embedder === 'device') await lab.devices.settled(20_000);
        const service = new ProfileService({ db: lab.db, home: lab.home, bridge: lab.bridge, devices: lab.devices });
        const { profile, name } = await service.buildFromRuns(
          {
            runIds: opts.run,
            k: opts.k,
            embedder: opts.embedder,
            ...(opts.device ? { deviceSerial: opts.device } : {}),
            ...(opts.embedder === 'device' ? { embedModel: opts.embedModel } : {}),
            ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
            ...(opts.name ? { name: opts.name } : {}),
            ...(opts.cost ? { costMetric: opts.cost } : {}),
          },
          (p) => {
            if (!opts.json) process.stderr.write(`[${p.phase}] ${p.message}\n`);
          },
        );
        writeFileSync(opts.out, exportProfile(profile, 'v2', name).json);
        const stored = opts.store ? service.storeBuilt(profile, name) : null;
        const ev = profile.evaluation;
        if (opts.json) {
          printJson({
            out: opts.out,
            profileId: stored?.id ?? null,
            name,
            k: profile.clusters.k,
            models: profile.models.map((m) => m.id),
            simulated: profile.provenance.simulated === true,
            validationLogLoss: ev?.validation_log_loss ?? null,
            silhouette: profile.clusters.silhouette,
            kSelection: ev?.k_selection ?? null,
            checksum: profile.checksum,
          });
          return;
        }
        process.stdout.write(
          `wrote ${opts.out}: ${name}${profile.provenance.simulated ? ' (SIMULATED: built from virtual-phone runs)' : ''}\n` +
            `K=${profile.clusters.k}, ${profile.models.length} models, ${profile.provenance.n_prompts} prompts; validation log-loss ${ev?.validation_log_loss?.toFixed(4) ?? 'n/a'}, silhouette ${profile.clusters.silhouette?.toFixed(4) ?? 'n/a'}\n` +
            (stored ? `stored in the lab as ${stored.id}\n` : ''),
        );
      } finally {
        await lab.close();
      }
    });

  program
    .command('route')
    .description('route a prompt with a profile file (v2 or seed v1) or a stored profile id')
    .requiredOption('--profile <file|id>', 'a profile file, or the id of a profile stored in the lab')
    .requiredOption('--prompt <text>', 'the prompt')
    .option('--preference <p>', '0 = small/fast .. 1 = quality (default: the profile\'s)', preferenceOption)
    .addOption(new Option('--cost <metric>', 'cost metric (default: the profile\'s)').choices(['size', 'latency', 'energy']))
    .option('--cost-device <device>', 'device of the latency/energy cost (default: the profile\'s)')
    .option('--available <ids>', 'only these models may be picked (comma-separated)')
    .option('--require <capability>', 'a capability the model must have, e.g. vision (repeatable)', collect)
    .option('--embedding <file.json>', "the prompt's embedding (JSON array) for a profile whose embedder the lab cannot run")
    .option('--device <serial>', 'embed on this phone (profiles built with the device embedder)')
    .option('--json', 'print the decision as JSON')
    .action(async (opts: RouteOpts, cmd: Command) => {
      const isFile = existsSync(opts.profile) || /[/\\.]/.test(opts.profile);
      const needsLab = !isFile || opts.device !== undefined;
      const lab = !needsLab ? null : opts.device ? await openLab(cmd) : openOfflineLab(cmd);
      const db = lab?.db ?? openDatabase(':memory:');
      try {
        if (opts.device) await lab!.devices.settled(20_000);
        const service = new ProfileService({ db, home: lab?.home ?? '', ...(lab ? { bridge: lab.bridge, devices: lab.devices } : {}) });
        const profile = isFile ? readProfile(opts.profile) : service.profile(opts.profile);
        const spec = profile.embedder;
        const embedding = opts.embedding ? readEmbeddingFile(opts.embedding, spec.dim, spec.type === 'external' ? spec.model : spec.type) : undefined;
        const req = {
          prompt: opts.prompt,
          ...(opts.preference !== undefined ? { preference: opts.preference } : {}),
          ...(opts.cost ? { costMetric: opts.cost } : {}),
          ...(opts.costDevice ? { costDevice: opts.costDevice } : {}),
          ...(opts.available ? { available: opts.available.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
          ...(opts.require ? { requiredCapabilities: opts.require } : {}),
          ...(opts.device ? { deviceSerial: opts.device } : {}),
          ...(embedding ? { embedding } : {}),
        };
        const d = await service.routeProfile(opts.profile, profile, req);
        if (opts.json) printJson(d);
        else {
          const label = `${opts.profile} (${profile.provenance.source === 'seed-v1-import' ? 'seed v1' : 'v2'}, ${spec.type === 'external' ? spec.model : spec.type}, K=${profile.clusters.k}${profile.provenance.simulated ? ', SIMULATED' : ''})`;
          printDecision(d, label);
        }
      } finally {
        if (lab) await lab.close();
        else db.close();
      }
    });

  program
    .command('import-profile')
    .description('import a profile file (v2 or seed v1) into the lab')
    .argument('<file>', 'the profile file')
    .option('--name <name>', 'name in the lab')
    .option('--json', 'print the stored profile as JSON')
    .action(async (file: string, opts: { name?: string; json?: boolean }, cmd: Command) => {
      readProfile(file); // validates first, with the file named in errors
      const lab = openOfflineLab(cmd);
      try {
        const service = new ProfileService({ db: lab.db, home: lab.home });
        const stored = service.importText(readFileSync(file), opts.name);
        if (opts.json) printJson(stored);
        else process.stdout.write(`imported ${file}\n${summaryLine(stored)}\n`);
      } finally {
        await lab.close();
      }
    });

  program
    .command('export-profile')
    .description('write a stored profile (by id) or a profile file as v2 or seed v1')
    .argument('<id|file>', 'a profile id in the lab, or a profile file')
    .addOption(new Option('--format <format>', 'output format').choices(['v2', 'seed-v1']).makeOptionMandatory())
    .requiredOption('--out <file>', 'where to write it')
    .option('--json', 'print what was written (and what the format dropped) as JSON')
    .action(async (what: string, opts: { format: 'v2' | 'seed-v1'; out: string; json?: boolean }, cmd: Command) => {
      let result;
      if (existsSync(what)) {
        const profile = readProfile(what);
        result = exportProfile(profile, opts.format, 'profile');
      } else {
        const lab = openOfflineLab(cmd);
        try {
          result = new ProfileService({ db: lab.db, home: lab.home }).export(what, opts.format);
        } finally {
          await lab.close();
        }
      }
      writeFileSync(opts.out, result.json);
      if (opts.json) printJson({ out: opts.out, format: result.format, dropped: result.dropped });
      else {
        process.stdout.write(`wrote ${opts.out} (${opts.format})\n`);
        if (result.dropped.length > 0) process.stdout.write(`dropped by the seed v1 format:\n${result.dropped.map((d) => `  - ${d}`).join('\n')}\n`);
      }
    });

  program
    .command('profiles')
    .description('list the router profiles stored in the lab')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const lab = openOfflineLab(cmd);
      try {
        const list = lab.handlers.profiles.list({});
        const rows = await list;
        if (opts.json) {
          printJson(rows);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write('No profiles. Build one with `aurora-lab build-profile --run ID --out FILE`, or import one with `aurora-lab import-profile FILE`.\n');
          return;
        }
        process.stdout.write(
          `${formatTable(
            ['ID', 'NAME', 'SOURCE', 'K', 'MODELS', 'EMBEDDER', 'CREATED', ''],
            rows.map((s) => [s.id, s.name, s.source, s.k, s.modelIds.length, s.embedder.model ?? s.embedder.type, new Date(s.createdAt).toISOString().slice(0, 19).replace('T', ' '), `${s.simulated ? 'SIMULATED' : ''}${s.isDefault ? ' default' : ''}`.trim()]),
            [3, 4],
          )}\n`,
        );
      } finally {
        await lab.close();
      }
    });
}
