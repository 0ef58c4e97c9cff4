/** Router profiles as the pages read them, on `useLabQuery`: the stored list, one profile, the embedding models. */
import { useLabQuery } from '../lab/useLabQuery';

export function useRouterProfiles() {
  return useLabQuery((lab) => lab.profiles.list({}), [], { keepPreviousData: true });
}

export function useRouterProfile(profileId: string) {
  return useLabQuery((lab) => lab.profiles.get({ profileId }), [profileId]);
}

/** The models a phone can embed prompts with (for the device embedder). */
export function useEmbedModels() {
  return useLabQuery((lab) => lab.profiles.embedModels({}), []);
}
