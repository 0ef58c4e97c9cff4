/**
 * `--anthropic-base-url` / `--gemini-base-url` on the commands that call the LLM routers (`compare`, `serve`): the
 * only way besides the environment to point the lab's API keys at another endpoint (a proxy, a local fake
 * server). Checked as the command line is read: https, or http to a loopback host.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { LlmProviderId } from '../../shared/api/settings';
import { BASE_URL_ENV, BASE_URL_FLAGS, checkBaseUrl } from '../settings/endpoints';

function baseUrlOption(provider: LlmProviderId) {
  return (value: string): string => {
    const r = checkBaseUrl(value, BASE_URL_FLAGS[provider]);
    if (!r.ok) throw new InvalidArgumentError(r.error);
    return r.url;
  };
}

export function addBaseUrlOptions(cmd: Command): Command {
  return cmd
    .option(`${BASE_URL_FLAGS.anthropic} <url>`, `where Claude requests (and the Claude key) go; default ${BASE_URL_ENV.anthropic[0]}, else the public API`, baseUrlOption('anthropic'))
    .option(`${BASE_URL_FLAGS.gemini} <url>`, `where Gemini requests (and the Gemini key) go; default ${BASE_URL_ENV.gemini[0]}, else the public API`, baseUrlOption('gemini'));
}

/** The base URLs a command line gave, for the Lab. */
export function baseUrlsOf(cmd: Command): Partial<Record<LlmProviderId, string>> {
  const o = cmd.optsWithGlobals<{ anthropicBaseUrl?: string; geminiBaseUrl?: string }>();
  return { ...(o.anthropicBaseUrl ? { anthropic: o.anthropicBaseUrl } : {}), ...(o.geminiBaseUrl ? { gemini: o.geminiBaseUrl } : {}) };
}
