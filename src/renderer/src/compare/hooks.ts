/** Compare's reads, on `useLabQuery`: which strategies can run now (with the chosen router profile), recent comparisons. */
import { useLabQuery } from '../lab/useLabQuery';

/** Availability depends on the router profile chosen for the `profile` strategy; the list stays while it is asked again. */
export function useStrategies(profileId: string, picksGiven = false) {
  return useLabQuery((lab) => lab.strategies.list({ ...(profileId ? { profileId } : {}), ...(picksGiven ? { picksGiven } : {}) }), [profileId, picksGiven], { keepPreviousData: true });
}

export function useRecentComparisons() {
  return useLabQuery((lab) => lab.compare.list({ limit: 20 }), []);
}
