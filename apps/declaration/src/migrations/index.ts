import { DeclarationInitial1732300000000 } from './1732300000000-declaration-initial.js';
import { DeclarationActiveIndex1732300002000 } from './1732300002000-declaration-active-index.js';
import { DeclarationOutboxRequestId1732300003000 } from './1732300003000-declaration-outbox-request-id.js';
import { DeclarationOutboxPerSink1732300004000 } from './1732300004000-declaration-outbox-per-sink.js';
import { DeclarationTokenRevocation1732300005000 } from './1732300005000-declaration-token-revocation.js';
import { DeclarationYardHandoffs1732300010000 } from './1732300010000-declaration-yard-handoffs.js';
import { DeclarationRateLimits1732300030000 } from './1732300030000-declaration-rate-limits.js';
import { DeclarationLeadershipRole1732300230000 } from './1732300230000-declaration-leadership-role.js';
import { DeclarationFeeTariffs1732300250000 } from './1732300250000-declaration-fee-tariffs.js';
import { DeclarationWebhooks1732300260000 } from './1732300260000-declaration-webhooks.js';
import { DeclarationFleetBook1732300270000 } from './1732300270000-declaration-fleet-book.js';
import { DeclarationPasswordResets1732300280000 } from './1732300280000-declaration-password-resets.js';
import { DeclarationGateYards1732300290000 } from './1732300290000-declaration-gate-yards.js';
import { DeclarationOneStatementCreate1732300300000 } from './1732300300000-declaration-one-statement-create.js';
import { DeclarationCodedWaiverReasons1732300310000 } from './1732300310000-declaration-coded-waiver-reasons.js';

/** Applied in order at start; never edited once committed. */
export const DECLARATION_MIGRATIONS = [
  DeclarationInitial1732300000000,
  DeclarationActiveIndex1732300002000,
  DeclarationOutboxRequestId1732300003000,
  DeclarationOutboxPerSink1732300004000,
  DeclarationTokenRevocation1732300005000,
  DeclarationYardHandoffs1732300010000,
  DeclarationRateLimits1732300030000,
  DeclarationLeadershipRole1732300230000,
  DeclarationFeeTariffs1732300250000,
  DeclarationWebhooks1732300260000,
  DeclarationFleetBook1732300270000,
  DeclarationPasswordResets1732300280000,
  DeclarationGateYards1732300290000,
  DeclarationOneStatementCreate1732300300000,
  DeclarationCodedWaiverReasons1732300310000,
];
