import { Logger } from '@nestjs/common';
import {
  type EventType,
  HttpEventSink,
  internalEventsController,
  isOwnOrigin,
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
export const DeclarationRelayProvider = outboxRelayProvider(DECLARATION_RELAY, DECLARATION_DB, (c) => {
  const optional = (name: 'gateway' | 'statistics' | 'notifications', types: EventType[]) =>
    new OptionalEventSink(
      name,
      isOwnOrigin(c.eventTargets[name], c.eventTargets.declaration, c.publicOrigin),
      c.eventTargets[name],
      c.internalToken,
      types,
      (m) => new Logger('OutboxRelay:declaration').warn(m),
    );
  return [
    new HttpEventSink('yard-queue', c.eventTargets.yardQueue, c.internalToken, [
      'declaration.accepted',
      'declaration.amended',
      'declaration.cancelled',
      'user.revoked',
    ]),
    optional('gateway', ['user.revoked', ...DECLARATION_UPDATE_KINDS.map((k) => `declaration.${k}` as const)]),
    optional('statistics', ['declaration.submitted', 'declaration.accepted', 'declaration.rejected', 'user.revoked']),
    optional('notifications', [
      'declaration.accepted',
      'declaration.rejected',
      'declaration.correction_requested',
      'user.revoked',
    ]),
  ];
});

export const DeclarationInternalEventsController = internalEventsController('declaration', QueueEventsConsumer);
