import { StatisticsInitial1732300231000 } from './1732300231000-statistics-initial.js';
import { StatisticsRollups1732300232000 } from './1732300232000-statistics-rollups.js';
import { StatisticsCountDays1732300233000 } from './1732300233000-statistics-count-days.js';
import { StatisticsCoarseResponseRollups1732300234000 } from './1732300234000-statistics-coarse-response-rollups.js';
import { StatisticsRollupCoveringKeys1732300235000 } from './1732300235000-statistics-rollup-covering-keys.js';
import { StatisticsAllLanesHistograms1732300236000 } from './1732300236000-statistics-all-lanes-histograms.js';
import { StatisticsWaivedNoShows1732300320000 } from './1732300320000-statistics-waived-no-shows.js';

/** Applied in order at start; never edited once committed. */
export const STATISTICS_MIGRATIONS = [
  StatisticsInitial1732300231000,
  StatisticsRollups1732300232000,
  StatisticsCountDays1732300233000,
  StatisticsCoarseResponseRollups1732300234000,
  StatisticsRollupCoveringKeys1732300235000,
  StatisticsAllLanesHistograms1732300236000,
  StatisticsWaivedNoShows1732300320000,
];
