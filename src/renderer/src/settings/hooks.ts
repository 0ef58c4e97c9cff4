/** The lab's settings, kept current by `settings.changed` (another window or the CLI may change them). */
import type { SettingsView } from '../../../shared/api/settings';
import { patchOn, useLabQuery } from '../lab/useLabQuery';

export function useSettings(onData?: (v: SettingsView) => void) {
  return useLabQuery((lab) => lab.settings.get({}), [], {
    patchOn: patchOn<SettingsView, 'settings.changed'>('settings.changed', (_, v) => v),
    onData,
  });
}
