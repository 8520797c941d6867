// The body every webhook delivery carries, defined once: the declaration service builds it, the OpenAPI
// document describes it, the firm portal reads it. Standard Webhooks shape (`type`, `timestamp`, `data`), plus
// the message id (also the `webhook-id` header) and the cursor a replay starts from.
import { ApiProperty } from '@nestjs/swagger';
import {
  WEBHOOK_EVENT_TYPES,
  type Direction,
  type VehicleState,
  type WebhookEventType,
} from '#libs/domain/src/index.js';
import { Eta, TimeWindow } from './queue-listing.dto.js';

/** Where one of a firm's vehicles is: what the fleet endpoint lists and every webhook event carries. */
export class VehicleStateView {
  vehicleId: string;
  declarationId: string;
  /** The declaration's number (TK2026-…). */
  declarationNumber: string;
  plate: string;
  gate: string;
  direction: Direction;
  /** The vehicle's lifecycle state (after the event, in a webhook). */
  status: VehicleState;
  /** The slot window in the yard, once it has one. */
  window: TimeWindow | null;
  /** 1 = next to be called at its gate and direction; null when not waiting. */
  position: number | null;
  eta: Eta | null;
}

/** One vehicle's event, as its firm's receiver gets it. */
export class WebhookVehicleData extends VehicleStateView {
  /** vehicle.called: by when the vehicle must reach the gate. */
  callDeadline: string | null;
  /** declaration.rejected: the reason; declaration.correction_requested: the officer's message. */
  reason: string | null;
}

export class WebhookMessage {
  /** The message id, the same on every attempt and replay: the receiver applies each id once. */
  id: string;
  /** Position in the firm's event stream: `POST /api/webhooks/:id/replay` with `{ from }` re-sends from here. */
  cursor: number;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES })
  type: WebhookEventType;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: WebhookVehicleData;
}

/**
 * The exact bytes sent and signed: one key order, so every attempt of a message carries the same body.
 */
export function webhookBody(m: WebhookMessage): string {
  const d = m.data;
  const data: WebhookVehicleData = {
    vehicleId: d.vehicleId,
    declarationId: d.declarationId,
    declarationNumber: d.declarationNumber,
    plate: d.plate,
    gate: d.gate,
    direction: d.direction,
    status: d.status,
    window: d.window ? { start: d.window.start, end: d.window.end } : null,
    position: d.position,
    callDeadline: d.callDeadline,
    eta: d.eta ? { p10: d.eta.p10, p50: d.eta.p50, p90: d.eta.p90 } : null,
    reason: d.reason,
  };
  return JSON.stringify({ id: m.id, cursor: m.cursor, type: m.type, timestamp: m.timestamp, data });
}
