import 'reflect-metadata';
import { serve } from '#libs/runtime/src/index.js';
import { DECLARATION_DB } from './database/declaration-database.js';
import { DeclarationServiceModule } from './declaration-service.module.js';

// The declaration service alone, for the production shape (one process per service).
await serve({ name: 'declaration', services: [DeclarationServiceModule], databases: [DECLARATION_DB] });
