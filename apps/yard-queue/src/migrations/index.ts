import { YardQueueInitial1732300001000 } from './1732300001000-yard-queue-initial.js';
import { YardQueueOutboxRequestId1732300002000 } from './1732300002000-yard-queue-outbox-request-id.js';
import { YardQueueOutboxPerSink1732300003000 } from './1732300003000-yard-queue-outbox-per-sink.js';
import { YardQueueTokenRevocations1732300004000 } from './1732300004000-yard-queue-token-revocations.js';
import { YardQueueVehicleHandoffs1732300010000 } from './1732300010000-yard-queue-vehicle-handoffs.js';
import { YardQueueRateLimits1732300030000 } from './1732300030000-yard-queue-rate-limits.js';
import { YardQueueEtaForecasts1732300050000 } from './1732300050000-yard-queue-eta-forecasts.js';
import { YardQueueGateHistory1732300110400 } from './1732300110400-yard-queue-gate-history.js';
import { YardQueueCallUnreached1732300211000 } from './1732300211000-yard-queue-call-unreached.js';
import { YardQueueFairnessLedger1732300240000 } from './1732300240000-yard-queue-fairness-ledger.js';
import { YardQueueEntriesByCheckIn1732300241000 } from './1732300241000-yard-queue-entries-by-check-in.js';
import { YardQueueFeePayments1732300251000 } from './1732300251000-yard-queue-fee-payments.js';
import { YardQueueGateCallReach1732300260000 } from './1732300260000-yard-queue-gate-call-reach.js';
import { YardQueueHoldParty1732300261000 } from './1732300261000-yard-queue-hold-party.js';
import { YardQueueVehicleReceivedAt1732300270000 } from './1732300270000-yard-queue-vehicle-received-at.js';
import { YardQueueWaitingYards1732300290000 } from './1732300290000-yard-queue-waiting-yards.js';
import { YardQueueCodedDelayReasons1732300300000 } from './1732300300000-yard-queue-coded-delay-reasons.js';
import { YardQueueOneStatementCheckIn1732300320000 } from './1732300320000-yard-queue-one-statement-check-in.js';
import { YardQueueOneStatementGateAction1732300330000 } from './1732300330000-yard-queue-one-statement-gate-action.js';
import { YardQueueOneStatementCall1732300331000 } from './1732300331000-yard-queue-one-statement-call.js';

/** Applied in order at start; never edited once committed. */
export const YARD_QUEUE_MIGRATIONS = [
  YardQueueInitial1732300001000,
  YardQueueOutboxRequestId1732300002000,
  YardQueueOutboxPerSink1732300003000,
  YardQueueTokenRevocations1732300004000,
  YardQueueVehicleHandoffs1732300010000,
  YardQueueRateLimits1732300030000,
  YardQueueEtaForecasts1732300050000,
  YardQueueGateHistory1732300110400,
  YardQueueCallUnreached1732300211000,
  YardQueueFairnessLedger1732300240000,
  YardQueueEntriesByCheckIn1732300241000,
  YardQueueFeePayments1732300251000,
  YardQueueGateCallReach1732300260000,
  YardQueueHoldParty1732300261000,
  YardQueueVehicleReceivedAt1732300270000,
  YardQueueWaitingYards1732300290000,
  YardQueueCodedDelayReasons1732300300000,
  YardQueueOneStatementCheckIn1732300320000,
  YardQueueOneStatementGateAction1732300330000,
  YardQueueOneStatementCall1732300331000,
];
