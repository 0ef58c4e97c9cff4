/** settings.*: non-secret settings and write-only API keys (see src/shared/api/settings.ts). */
import type { LabHandlers } from '../../shared/contract';
import type { SettingsService } from './service';

export function settingsHandlers(settings: SettingsService): LabHandlers['settings'] {
  return {
    get: async () => settings.view(),
    set: async ({ patch }, ctx) => settings.set(patch, ctx?.caller ?? 'http'),
    setKey: async ({ provider, key }) => settings.setKey(provider, key),
    deleteKey: async ({ provider }) => settings.deleteKey(provider),
    testKey: async ({ provider, model }) => settings.testKey(provider, model),
  };
}
