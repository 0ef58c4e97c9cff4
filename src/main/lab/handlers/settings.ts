import type { LabHandlers } from '../../../shared/contract';
import type { Lab } from '../lab';
import { labServices } from '../../compare/lab-services';

/** settings.*: non-secret settings and write-only API keys (see src/shared/api/settings.ts). */
export function createSettingsHandlers(lab: Lab): LabHandlers['settings'] {
  const s = () => labServices(lab).settings;
  return {
    get: async () => s().view(),
    set: async ({ patch }) => s().set(patch),
    setKey: async ({ provider, key }) => s().setKey(provider, key),
    deleteKey: async ({ provider }) => s().deleteKey(provider),
    testKey: async ({ provider, model }) => s().testKey(provider, model),
  };
}
