/**
 * The strategies a comparison can include: which can run now (keys from the settings, a router profile given),
 * and the LLM routers' access to keys, models and the reply cache.
 */
import type { StrategyAvailability } from '../../shared/api/strategies';
import { COMPARE_STRATEGIES } from '../../shared/api/strategies';
import type { SettingsService } from '../settings/service';
import type { LlmAccess } from './family';
import { STRATEGIES } from './registry';
import type { LlmReplyRepository } from './repository';

export interface StrategiesServiceOptions {
  settings: SettingsService;
  replies: LlmReplyRepository;
  /** The CLI's --router-cmd (never set from a request). */
  routerCommand?: { command: string; name?: string; timeoutMs?: number } | null;
}

export class StrategiesService {
  constructor(private readonly opts: StrategiesServiceOptions) {}

  llm(): LlmAccess {
    const { settings, replies } = this.opts;
    return {
      apiKey: (p) => settings.apiKey(p),
      model: (p) => settings.model(p),
      baseUrl: (p) => settings.baseUrl(p),
      keyReason: (p) => settings.keyReason(p),
      cache: replies,
      concurrency: settings.settings().llmConcurrency,
    };
  }

  /** The router program the CLI gave this lab (`--router-cmd`), or null. */
  routerCommand(): { command: string; name?: string; timeoutMs?: number } | null {
    return this.opts.routerCommand ?? null;
  }

  availability(input: { profileId?: string | undefined; profileJson?: string | undefined; picksGiven?: boolean | undefined } = {}): StrategyAvailability[] {
    const env = { profileGiven: input.profileId !== undefined || input.profileJson !== undefined, llm: this.llm(), routerCommandGiven: this.routerCommand() !== null, picksGiven: input.picksGiven === true };
    return COMPARE_STRATEGIES.map((id) => {
      const s = STRATEGIES[id];
      const reason = s.unavailable(env);
      return { id, label: s.label, description: s.description, available: reason === null, reason };
    });
  }
}
