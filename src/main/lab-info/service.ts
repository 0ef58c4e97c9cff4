/** What the lab is: its version, where it keeps its data, its schema, whether adb is usable, who serves it. */
import type { LabInfo } from '../../shared/contract';
import type { AdbInfo } from '../../shared/devices';
import { databasePath } from '../store/lab-home';
import { labVersion } from './version';
import type { LabInfoRepository } from './repository';

export interface LabInfoServiceOptions {
  repository: LabInfoRepository;
  home: string;
  host: LabInfo['host'];
  adb: () => Promise<AdbInfo>;
}

export class LabInfoService {
  constructor(private readonly opts: LabInfoServiceOptions) {}

  async info(): Promise<LabInfo> {
    return {
      version: labVersion(),
      labHome: this.opts.home,
      databasePath: databasePath(this.opts.home),
      schemaVersion: this.opts.repository.schemaVersion(),
      adb: await this.opts.adb(),
      host: this.opts.host,
    };
  }
}
