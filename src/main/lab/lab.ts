/**
 * The composition root of the lab core: one database, its repositories, the services built on them with their
 * dependencies given explicitly, each domain's handlers, and the event bus. The Electron app, `aurora-lab serve`
 * and every CLI command create a Lab; requests from all three go through `dispatch` (lab.api for the CLI). No
 * domain module imports this file; none of this imports Electron.
 */
import type { LabHandlers, LabInfo } from '../../shared/contract';
import type { LlmProviderId } from '../../shared/api/settings';
import type { LabApi } from '../../shared/contract';
import { dispatchingApi } from '../api/dispatch';
import { LabEventBus } from '../api/events';
import { benchmarkHandlers } from '../benchmark/handlers';
import { BenchmarkService } from '../benchmark/service';
import { campaignsHandlers } from '../campaigns/handlers';
import { CampaignDetailRepository } from '../campaigns/detail-repository';
import { CampaignRepository } from '../campaigns/repository';
import { CampaignsService } from '../campaigns/service';
import { compareHandlers } from '../compare/handlers';
import { CompareRepository } from '../compare/repository';
import { CompareService } from '../compare/service';
import { datasetsHandlers } from '../datasets/handlers';
import { DatasetRepository } from '../datasets/repository';
import { DatasetsService } from '../datasets/service';
import { AdbBridge } from '../devices/adb-bridge';
import { DeviceManager } from '../devices/device-manager';
import { devicesHandlers } from '../devices/handlers';
import { DeviceRepository } from '../devices/repository';
import { DevicesService } from '../devices/service';
import { labInfoHandlers } from '../lab-info/handlers';
import { LabInfoRepository } from '../lab-info/repository';
import { LabInfoService } from '../lab-info/service';
import { labVersion } from '../lab-info/version';
import { profilesHandlers } from '../profiles/handlers';
import { EmbeddingCache, ProfileRepository } from '../profiles/repository';
import { ProfilesService } from '../profiles/service';
import { catalogueEntry, listModels } from '../runner/models';
import { runsHandlers } from '../runs/handlers';
import { RunRepository } from '../runs/repository';
import { ResultsRepository } from '../runs/results-repository';
import { RunsService } from '../runs/service';
import { settingsHandlers } from '../settings/handlers';
import { SettingsRepository } from '../settings/repository';
import type { SecretStore } from '../settings/secret-store';
import { SettingsService } from '../settings/service';
import { BackgroundCheckpoints } from '../store/background-checkpoints';
import { openDatabase, WAL_AUTOCHECKPOINT_PAGES, type Db } from '../store/database';
import { databasePath, labHome } from '../store/lab-home';
import { strategiesHandlers } from '../strategies/handlers';
import { LlmReplyRepository } from '../strategies/repository';
import { StrategiesService } from '../strategies/service';

export interface LabOptions {
  /** Lab home folder; default AURORA_LAB_HOME or the OS's per-user app-data folder. */
  home?: string;
  /** A throwaway in-memory database (CLI commands that only read files: nothing is stored). */
  inMemory?: boolean;
  /** adb executable; default the ADB env var, then `adb` on PATH. */
  adbPath?: string;
  /** Which client serves the lab, reported by lab.info. */
  host: 'electron' | 'http' | 'cli';
  /** Live status poll period per device. */
  pollIntervalMs?: number;
  /** Where API keys are kept (Electron: safeStorage); default: read-only from the environment. */
  secrets?: SecretStore;
  /** LLM API base URLs from the command line (`--anthropic-base-url`); else the environment (settings/endpoints.ts). */
  llmBaseUrls?: Partial<Record<LlmProviderId, string>>;
  /**
   * The user's router program for the `router-cmd` strategy: only the CLI sets it (`--router-cmd`); a request can
   * never name a program, so the Electron app and `serve` never have one.
   */
  routerCommand?: { command: string; name?: string; timeoutMs?: number };
}

export interface LabRepositories {
  devices: DeviceRepository;
  runs: RunRepository;
  results: ResultsRepository;
  campaigns: CampaignRepository;
  campaignDetails: CampaignDetailRepository;
  datasets: DatasetRepository;
  profiles: ProfileRepository;
  embeddings: EmbeddingCache;
  llmReplies: LlmReplyRepository;
  comparisons: CompareRepository;
  settings: SettingsRepository;
  labInfo: LabInfoRepository;
}

export interface LabServices {
  labInfo: LabInfoService;
  settings: SettingsService;
  devices: DevicesService;
  datasets: DatasetsService;
  runs: RunsService;
  campaigns: CampaignsService;
  profiles: ProfilesService;
  strategies: StrategiesService;
  compare: CompareService;
  benchmark: BenchmarkService;
}

function repositories(db: Db): LabRepositories {
  const runs = new RunRepository(db);
  const results = new ResultsRepository(db);
  return {
    devices: new DeviceRepository(db),
    runs,
    results,
    campaigns: new CampaignRepository(db, runs),
    campaignDetails: new CampaignDetailRepository(db, runs, results),
    datasets: new DatasetRepository(db),
    profiles: new ProfileRepository(db),
    embeddings: new EmbeddingCache(db),
    llmReplies: new LlmReplyRepository(db),
    comparisons: new CompareRepository(db),
    settings: new SettingsRepository(db),
    labInfo: new LabInfoRepository(db),
  };
}

/** Size in MB of a model id: the lab's models (cached real weights, shipped definitions), else the catalogue. */
function modelSizes(home: string): (id: string) => number | undefined {
  let sizes: Map<string, number> | null = null;
  return (id) => {
    if (!sizes) {
      sizes = new Map();
      try {
        for (const m of listModels(home)) sizes.set(m.id, m.sizeMb);
      } catch {
        // The catalogue alone.
      }
    }
    return sizes.get(id) ?? catalogueEntry(id)?.sizeMb;
  };
}

export class Lab {
  readonly home: string;
  readonly db: Db;
  readonly events = new LabEventBus();
  readonly repositories: LabRepositories;
  readonly services: LabServices;
  readonly handlers: LabHandlers;
  /** The API in process: every call validated and dispatched like IPC and HTTP requests. */
  readonly api: LabApi;
  #started = false;
  #checkpoints: BackgroundCheckpoints | null = null;

  constructor(readonly options: LabOptions) {
    this.home = options.home ?? labHome();
    this.db = openDatabase(options.inMemory ? ':memory:' : databasePath(this.home));
    const repos = (this.repositories = repositories(this.db));
    const events = this.events;
    const home = this.home;
    const settings = new SettingsService({ repository: repos.settings, ...(options.secrets ? { secrets: options.secrets } : {}), ...(options.llmBaseUrls ? { baseUrls: options.llmBaseUrls } : {}), events });
    // Explicit options and the ADB env var win over what the Settings page stored (read once, at start).
    const stored = settings.settings();
    const bridge = new AdbBridge({ adbPath: options.adbPath ?? process.env.ADB ?? stored.adbPath ?? undefined });
    const manager = new DeviceManager({ bridge, repository: repos.devices, pollIntervalMs: options.pollIntervalMs ?? stored.pollIntervalMs });
    const devices = new DevicesService({ manager, bridge, events, home });
    const labInfo = new LabInfoService({ repository: repos.labInfo, home, host: options.host === 'electron' ? 'electron' : 'http', adb: () => devices.adb() });
    const datasets = new DatasetsService({ repository: repos.datasets, home });
    const runs = new RunsService({ runs: repos.runs, results: repos.results, devices, home, events });
    const campaigns = new CampaignsService({
      campaigns: repos.campaigns,
      details: repos.campaignDetails,
      runRepository: repos.runs,
      runs,
      devices,
      datasets,
      events,
      home,
    });
    const profiles = new ProfilesService({ repository: repos.profiles, cache: repos.embeddings, home, runs, results: repos.results, devices, events });
    const strategies = new StrategiesService({ settings, replies: repos.llmReplies, routerCommand: options.routerCommand ?? null });
    const compare = new CompareService({
      repository: repos.comparisons,
      runs,
      runRepository: repos.runs,
      results: repos.results,
      settings,
      strategies,
      sizeOf: modelSizes(home),
      profile: ({ profileId, json }) => (json !== undefined ? profiles.parse(json) : profiles.profile(profileId ?? '')),
      events,
    });
    const benchmark = new BenchmarkService({ campaigns, compare, runs, sizeOf: modelSizes(home), labVersion: labVersion(), events });
    this.services = { labInfo, settings, devices, datasets, runs, campaigns, profiles, strategies, compare, benchmark };
    this.handlers = {
      lab: labInfoHandlers(labInfo),
      devices: devicesHandlers(devices),
      runs: runsHandlers(runs),
      campaigns: campaignsHandlers(campaigns),
      datasets: datasetsHandlers(datasets),
      profiles: profilesHandlers(profiles),
      strategies: strategiesHandlers(strategies),
      compare: compareHandlers(compare),
      settings: settingsHandlers(settings),
      benchmark: benchmarkHandlers(benchmark),
    };
    this.api = dispatchingApi(this.handlers);
    this.#importDefaultProfile();
  }

  /** The shipped default router profile, on the first start of a lab home without profiles; never stops the lab. */
  #importDefaultProfile(): void {
    if (this.options.inMemory) return;
    try {
      this.services.profiles.ensureDefault();
    } catch (err) {
      process.stderr.write(`warning: the default router profile was not imported: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }

  /** Connects to the adb server and starts tracking devices. A missing adb does not stop the lab: lab.info says why. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    // A started lab is the one that runs campaigns: its commits never wait for a checkpoint (store/background-checkpoints.ts).
    if (!this.options.inMemory) this.#checkpoints = BackgroundCheckpoints.start(this.db, { autocheckpointPages: WAL_AUTOCHECKPOINT_PAGES });
    await this.services.devices.start();
  }

  info(): Promise<LabInfo> {
    return this.services.labInfo.info();
  }

  async close(): Promise<void> {
    await this.services.runs.close();
    await this.services.devices.stop();
    await this.#checkpoints?.stop();
    this.db.close();
  }
}
