import 'reflect-metadata';
import { serve } from '#libs/runtime/src/index.js';
import { STATISTICS_DB } from './database/statistics-database.js';
import { StatisticsServiceModule } from './statistics-service.module.js';

// The statistics alone, for the production shape: the dashboard's figures and the open data.
await serve({ name: 'statistics', services: [StatisticsServiceModule], databases: [STATISTICS_DB] });
