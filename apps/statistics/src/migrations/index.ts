import { StatisticsInitial1732300231000 } from './1732300231000-statistics-initial.js';

/** Applied in order at start; never edited once committed. */
export const STATISTICS_MIGRATIONS = [StatisticsInitial1732300231000];
