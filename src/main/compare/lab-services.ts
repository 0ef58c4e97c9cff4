/**
 * The settings and compare services of a Lab, created on first use (so lab.ts only grows the `secrets` option).
 * Keys: the Lab's `secrets` store (Electron: safeStorage-encrypted file), else the environment (serve, CLI).
 */
import { catalogueEntry, listModels } from '../runner/models';
import { CompareService } from './compare-service';
import { SettingsService } from '../settings/settings-service';
import type { Lab } from '../lab/lab';

export interface LabServices {
  settings: SettingsService;
  compare: CompareService;
}

const services = new WeakMap<Lab, LabServices>();

export function labServices(lab: Lab): LabServices {
  let s = services.get(lab);
  if (s) return s;
  const settings = new SettingsService({ db: lab.db, secrets: lab.options.secrets, onChange: (v) => lab.events.emit('settings.changed', v) });
  let sizes: Map<string, number> | null = null;
  const sizeOf = (id: string): number | undefined => {
    if (!sizes) {
      sizes = new Map();
      try {
        for (const m of listModels(lab.home)) sizes.set(m.id, m.sizeMb);
      } catch {
        // The catalogue alone.
      }
    }
    return sizes.get(id) ?? catalogueEntry(id)?.sizeMb;
  };
  const compare = new CompareService({ db: lab.db, settings, sizeOf, onProgress: (p) => lab.events.emit('compare.progress', p) });
  s = { settings, compare };
  services.set(lab, s);
  return s;
}
