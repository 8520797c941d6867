import { Logger } from '@nestjs/common';
import {
  GatewayEventSink,
  HttpEventSink,
  internalEventsController,
  OptionalEventSink,
  outboxRelayProvider,
} from '#libs/events/src/index.js';
import { DECLARATION_UPDATE_KINDS } from '#libs/live-client/src/protocol.js';
import { DECLARATION_DB } from '../database/declaration-database.js';
import { QueueEventsConsumer } from './queue-events.consumer.js';

export const DECLARATION_RELAY = Symbol('DECLARATION_RELAY');

/**
 * The yard-queue service keeps its own copy of accepted vehicles from these events; it and the live gateway
 * also learn which users' tokens were revoked, to refuse them without asking this service; the gateway tells
 * the firm's screens at once of each decision on its declarations. The statistics count declarations submitted,
 * accepted and rejected.
 */
export const DeclarationRelayProvider = outboxRelayProvider(DECLARATION_RELAY, DECLARATION_DB, (c) => [
  new HttpEventSink('yard-queue', c.eventTargets.yardQueue, c.internalToken, [
    'declaration.accepted',
    'declaration.amended',
    'declaration.cancelled',
    'user.revoked',
  ]),
  new GatewayEventSink(
    new URL(c.eventTargets.gateway).origin === new URL(c.eventTargets.declaration).origin,
    c.eventTargets.gateway,
    c.internalToken,
    ['user.revoked', ...DECLARATION_UPDATE_KINDS.map((k) => `declaration.${k}` as const)],
    (m) => new Logger('OutboxRelay:declaration').warn(m),
  ),
  new OptionalEventSink(
    'statistics',
    new URL(c.eventTargets.statistics).origin === new URL(c.eventTargets.declaration).origin,
    c.eventTargets.statistics,
    c.internalToken,
    ['declaration.submitted', 'declaration.accepted', 'declaration.rejected', 'user.revoked'],
    (m) => new Logger('OutboxRelay:declaration').warn(m),
  ),
]);

export const DeclarationInternalEventsController = internalEventsController('declaration', QueueEventsConsumer);
