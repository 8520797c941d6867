import type { Eta } from '#libs/events/src/index.js';
import type { Actor } from '#libs/auth/src/index.js';
import type {
  DeclarationStatus,
  Direction,
  DriverDocumentType,
  FeeClass,
  GoodsCategory,
  Language,
  Nationality,
  NoShowWaiverRecord,
  VehicleAction,
  VehicleState,
} from '#libs/domain/src/index.js';

export interface GoodsItem {
  description: string;
  hsCode: string;
  grossWeightKg: number;
  valueVnd: number;
}

export interface GoodsGroup {
  customsDeclarationNumber: string;
  category: GoodsCategory;
  items: GoodsItem[];
}

export interface VehicleContent {
  id: string;
  plate: string;
  plateKey: string;
  trailerPlate: string | null;
  trailerPlateKey: string | null;
  nationality: Nationality;
  feeClass: FeeClass;
  containerNumber: string | null;
  sealNumber: string | null;
  driver: { name: string; document: { type: DriverDocumentType; number: string }; phone: string };
  /** The language the driver's notifications are written in (absent from versions filed before it was asked: Vietnamese). */
  driverLanguage?: Language;
}

/** What one version of a declaration says; stored whole per version, never edited. */
export interface DeclarationContent {
  expectedArrival: string;
  yard: string;
  goods: GoodsGroup[];
  vehicles: VehicleContent[];
}

/** Where a vehicle is in the yard queue, as last reported by the yard-queue service. */
export interface QueueInfo {
  entryId: string;
  status: string;
  window: { start: string; end: string } | null;
  position: number | null;
  checkedInAt: string;
  /** The estimate shown for the call while it waits (absent from copies kept before estimates were carried). */
  eta?: Eta | null;
  /** The latest no-show of this stay not held against the firm, and why by code (absent from older copies). */
  noShowWaiver?: NoShowWaiverRecord | null;
}

export interface VehicleRecord {
  id: string;
  declarationId: string;
  plateKey: string;
  status: VehicleState;
  queue: QueueInfo | null;
}

export interface DeclarationRecord {
  id: string;
  number: string;
  firmId: string;
  firmName: string;
  firmTaxCode: string;
  gate: string;
  direction: Direction;
  status: DeclarationStatus;
  currentVersion: number;
  decisionReason: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  content: DeclarationContent;
  vehicles: VehicleRecord[];
}

export type CorrectionRequestStatus = 'OPEN' | 'ANSWERED' | 'APPROVED';

export interface CorrectionRequestRecord {
  id: string;
  message: string;
  fields: string[];
  status: CorrectionRequestStatus;
  requestedBy: string;
  requestedAt: Date;
  answeredVersion: number | null;
  answeredAt: Date | null;
  approvedAt: Date | null;
}

/** What an audit line records: a lifecycle action, a change to the declaration's content, or the yard's refusal of one. */
export type AuditAction =
  | VehicleAction
  | 'create'
  | 'amend'
  | 'amend-correction'
  | 'request-correction'
  | 'approve-correction'
  | 'amend-refused-by-yard'
  | 'cancel-refused-by-yard';

export const HANDOFF_STATUSES = ['PENDING', 'APPLIED', 'REFUSED'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

/** An amendment, validated, as it will be written once the yard agrees (or at once when the yard is not involved). */
export interface PreparedAmendment {
  content: DeclarationContent;
  version: number;
  note: string | null;
  correctionRequestId: string | null;
}

/** A firm's change waiting for the yard's decision, with who asked it. */
export type PendingChange = { actor: Actor } & (
  { kind: 'amend'; amendment: PreparedAmendment } | { kind: 'cancel'; reason: string | null }
);

/** A declaration line holds declaration statuses, a vehicle line vehicle states. */
export type AuditStatus = DeclarationStatus | VehicleState;

export interface AuditEntry {
  declarationId: string;
  vehicleId?: string | null;
  action: AuditAction;
  fromStatus?: AuditStatus | null;
  toStatus?: AuditStatus | null;
  actorId: string | null;
  actorRole: string;
  console?: string | null;
  reason?: string | null;
  at: Date;
}

export type { Actor };
