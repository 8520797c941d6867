import { serviceDatabaseModule } from '#libs/database/src/index.js';
import { DECLARATION_MIGRATIONS } from '../migrations/index.js';

/** The declaration service's connection: schema `declaration`. */
export const DECLARATION_DB = 'declaration';

export const DeclarationDatabaseModule = serviceDatabaseModule({
  schema: DECLARATION_DB,
  migrations: DECLARATION_MIGRATIONS,
  applicationName: 'declaration',
  poolSize: 20,
});
