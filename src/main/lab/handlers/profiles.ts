import type { LabHandlers } from '../../../shared/contract';
import { ProfileService } from '../../profiles/service';
import type { Lab } from '../lab';

/**
 * The profiles domain: a ProfileService over the lab's database and devices, progress on the event bus. The
 * shipped default profile (profiles/default-virtual.json) is imported here, on the first start of a lab home
 * without profiles; a broken or missing file never stops the lab.
 */
export function createProfilesHandlers(lab: Lab): LabHandlers['profiles'] {
  const service = new ProfileService({
    db: lab.db,
    home: lab.home,
    bridge: lab.bridge,
    devices: lab.devices,
    emit: (p) => lab.events.emit('profiles.progress', p),
  });
  try {
    service.ensureDefault();
  } catch (err) {
    process.stderr.write(`warning: the default router profile was not imported: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  return service.handlers();
}
