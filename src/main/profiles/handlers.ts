/** profiles.*: router profiles (src/shared/api/profiles.ts). */
import type { LabHandlers } from '../../shared/contract';
import type { ProfilesService } from './service';

export function profilesHandlers(profiles: ProfilesService): LabHandlers['profiles'] {
  return {
    list: async () => profiles.list(),
    get: async ({ profileId }) => profiles.get(profileId),
    build: async (req) => profiles.build(req),
    route: async ({ profileId, profileJson, ...req }) => profiles.route({ profileId, json: profileJson }, req),
    import: async ({ json, name }) => profiles.importText(json, name),
    export: async ({ profileId, profileJson, format }) => profiles.export({ profileId, json: profileJson }, format),
    compare: async ({ a, b }) => profiles.compare(a, b),
    delete: async ({ profileId }) => ({ deleted: profiles.delete(profileId) }),
    embedModels: async () => profiles.embedModels(),
    cancelBuild: async ({ buildId }) => ({ cancelled: profiles.cancelBuild(buildId) }),
  };
}
