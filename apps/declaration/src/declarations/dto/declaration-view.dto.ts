// What the declaration endpoints return. Each class implements the stored shape it shows, so the compiler
// keeps the two in step; the consoles import these types.
import { ApiProperty } from '@nestjs/swagger';
import {
  DECLARATION_STATUSES,
  type Direction,
  type FeeClass,
  type GoodsCategory,
  type Language,
  type Nationality,
  type VehicleState,
} from '#libs/domain/src/index.js';
import { DriverView, Eta, NoShowWaiver, TimeWindow } from '#libs/events/src/index.js';
import { FeeDueView } from '../../fees/dto/fee-tariff.dto.js';
import type {
  AuditAction,
  AuditEntry,
  AuditStatus,
  CorrectionRequestRecord,
  GoodsGroup,
  GoodsItem,
  QueueInfo,
  VehicleContent,
} from '../declaration.types.js';

export class GoodsItemView implements GoodsItem {
  description: string;
  hsCode: string;
  grossWeightKg: number;
  valueVnd: number;
}

export class GoodsGroupView implements GoodsGroup {
  customsDeclarationNumber: string;
  category: GoodsCategory;
  items: GoodsItemView[];
}

/** Where a vehicle is in the yard queue, as last reported by the yard-queue service. */
export class QueueInfoView implements QueueInfo {
  entryId: string;
  status: string;
  window: TimeWindow | null;
  position: number | null;
  checkedInAt: string;
  eta?: Eta | null;
  /** The latest waived no-show of this stay: its reason by code, and in words in each language. */
  noShowWaiver?: NoShowWaiver | null;
}

export class VehicleView implements Omit<VehicleContent, 'trailerPlateKey'> {
  id: string;
  plate: string;
  plateKey: string;
  trailerPlate: string | null;
  nationality: Nationality;
  feeClass: FeeClass;
  containerNumber: string | null;
  sealNumber: string | null;
  driver: DriverView;
  driverLanguage: Language;
  status: VehicleState;
  queue: QueueInfoView | null;
  /** The code of the QR on the slot slip, once customs accepted the vehicle; the yard scans it at check-in. */
  slipCode: string | null;
  /** The infrastructure fee for the trip (whole VND), priced on the day the declaration was filed; null while the tariff has no rate for the class. */
  fee: FeeDueView | null;
}

export class CorrectionRequestView implements Omit<
  CorrectionRequestRecord,
  'requestedAt' | 'answeredAt' | 'approvedAt'
> {
  id: string;
  message: string;
  fields: string[];
  status: 'OPEN' | 'ANSWERED' | 'APPROVED';
  requestedBy: string;
  requestedAt: string;
  answeredVersion: number | null;
  answeredAt: string | null;
  approvedAt: string | null;
}

export class DeclarationFirm {
  id: string;
  name: string;
  taxCode: string;
}

/** A declaration: its current version's content with each vehicle's live status. */
export class DeclarationView {
  id: string;
  number: string;
  firm: DeclarationFirm;
  gate: string;
  direction: Direction;
  @ApiProperty({ enum: DECLARATION_STATUSES })
  status: string;
  version: number;
  expectedArrival: string;
  /** The waiting yard's code on the gate's list (a declaration filed before the lists: its yard as typed). */
  yard: string;
  goods: GoodsGroupView[];
  vehicles: VehicleView[];
  decisionReason: string | null;
  /** Officers' requests for corrections, on the single-declaration reads. */
  correctionRequests?: CorrectionRequestView[];
  createdAt: string;
  updatedAt: string;
}

export class DeclarationPage {
  items: DeclarationView[];
  total: number;
  page: number;
  pageSize: number;
}

/** What one version of a declaration said (versions are never edited). */
export class DeclarationContentView {
  expectedArrival: string;
  /** The waiting yard's code on the gate's list (a declaration filed before the lists: its yard as typed). */
  yard: string;
  goods: GoodsGroupView[];
  vehicles: VehicleContentView[];
}

export class VehicleContentView implements VehicleContent {
  id: string;
  plate: string;
  plateKey: string;
  trailerPlate: string | null;
  trailerPlateKey: string | null;
  nationality: Nationality;
  feeClass: FeeClass;
  containerNumber: string | null;
  sealNumber: string | null;
  driver: DriverView;
  driverLanguage?: Language;
}

export class DeclarationVersionView {
  version: number;
  note: string | null;
  createdBy: string;
  createdAt: Date;
  content: DeclarationContentView;
}

/** One line of the append-only audit log. */
export class AuditEntryView implements AuditEntry {
  declarationId: string;
  vehicleId?: string | null;
  action: AuditAction;
  fromStatus?: AuditStatus | null;
  toStatus?: AuditStatus | null;
  actorId: string | null;
  actorRole: string;
  /** The console the action came from (`X-Console`). */
  console?: string | null;
  reason?: string | null;
  at: Date;
}

export class VehicleFirm {
  id: string;
  name: string;
}

/** A vehicle found by plate, with the declaration it is on. */
export class VehicleSearchResult extends VehicleView {
  declarationId: string;
  declarationNumber: string;
  @ApiProperty({ enum: DECLARATION_STATUSES })
  declarationStatus: string;
  gate: string;
  direction: Direction;
  firm: VehicleFirm;
}
