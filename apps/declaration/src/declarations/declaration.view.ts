import {
  ACTIVE_QUEUE_STATES,
  DEFAULT_LANGUAGE,
  type DeclarationStatus,
  summariseDeclaration,
  type VehicleState,
} from '#libs/domain/src/index.js';
import { noShowWaiverView } from '#libs/events/src/index.js';
import type { FeePricing } from '../fees/fee-tariff.service.js';
import type { CorrectionRequestRecord, DeclarationRecord, QueueInfo } from './declaration.types.js';
import type { CorrectionRequestView, DeclarationView, QueueInfoView } from './dto/declaration-view.dto.js';

const SLIP_STATES: readonly VehicleState[] = ['ACCEPTED', ...ACTIVE_QUEUE_STATES];

function toCorrectionView(c: CorrectionRequestRecord): CorrectionRequestView {
  return {
    ...c,
    requestedAt: c.requestedAt.toISOString(),
    answeredAt: c.answeredAt?.toISOString() ?? null,
    approvedAt: c.approvedAt?.toISOString() ?? null,
  };
}

/** Where the yard has the vehicle, a waived no-show's reason said in each language. */
function toQueueInfoView(q: QueueInfo): QueueInfoView {
  const { noShowWaiver, ...rest } = q;
  return noShowWaiver === undefined ? rest : { ...rest, noShowWaiver: noShowWaiverView(noShowWaiver) };
}

/** The API shape of a declaration: its current version's content with each vehicle's live status and fee. */
export function toDeclarationView(
  d: DeclarationRecord,
  price: FeePricing,
  corrections?: CorrectionRequestRecord[],
  slip?: (vehicleId: string) => string,
): DeclarationView {
  const statusById = new Map(d.vehicles.map((v) => [v.id, v]));
  const vehicles = d.content.vehicles
    .filter((v) => statusById.has(v.id))
    // The trailer's key is for searching only; the view shows the plate as filed.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    .map(({ trailerPlateKey: _t, ...v }) => {
      const { status, queue } = statusById.get(v.id)!;
      return {
        ...v,
        driverLanguage: v.driverLanguage ?? DEFAULT_LANGUAGE,
        status,
        queue: queue && toQueueInfoView(queue),
        slipCode: slip && SLIP_STATES.includes(status) ? slip(v.id) : null,
        fee: price(v.feeClass, d.createdAt),
      };
    });
  return {
    id: d.id,
    number: d.number,
    firm: { id: d.firmId, name: d.firmName, taxCode: d.firmTaxCode },
    gate: d.gate,
    direction: d.direction,
    status: d.status,
    version: d.currentVersion,
    expectedArrival: d.content.expectedArrival,
    yard: d.content.yard,
    goods: d.content.goods,
    vehicles,
    decisionReason: d.decisionReason,
    ...(corrections ? { correctionRequests: corrections.map(toCorrectionView) } : {}),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export function statusOf(states: VehicleState[]): DeclarationStatus {
  return summariseDeclaration(states);
}
