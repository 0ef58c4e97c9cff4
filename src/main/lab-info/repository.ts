/** What the lab info reads from the database: the schema version the migrations reached. */
import { schemaVersion, type Db } from '../store/database';

export class LabInfoRepository {
  constructor(private readonly db: Db) {}

  schemaVersion(): number {
    return schemaVersion(this.db);
  }
}
