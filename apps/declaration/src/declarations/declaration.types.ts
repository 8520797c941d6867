import type { VehicleState } from '#libs/domain/src/index.js';

export interface GoodsItem {
  description: string;
  hsCode: string;
  grossWeightKg: number;
  valueVnd: number;
}

export interface GoodsGroup {
  customsDeclarationNumber: string;
  category: 'PERISHABLE' | 'FROZEN' | 'GENERAL' | 'DANGEROUS';
  items: GoodsItem[];
}

export interface VehicleContent {
  id: string;
  plate: string;
  plateKey: string;
  trailerPlate: string | null;
  trailerPlateKey: string | null;
  nationality: 'VN' | 'CN';
  feeClass: string;
  containerNumber: string | null;
  sealNumber: string | null;
  driver: { name: string; document: { type: string; number: string }; phone: string };
}

/** What one version of a declaration says; stored whole per version, never edited. */
export interface DeclarationContent {
  expectedArrival: string;
  yard: string;
  goods: GoodsGroup[];
  vehicles: VehicleContent[];
}

export interface QueueInfo {
  entryId: string;
  windowStart: string | null;
  windowEnd: string | null;
  position: number | null;
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
  direction: 'EXPORT' | 'IMPORT';
  status: string;
  currentVersion: number;
  decisionReason: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  content: DeclarationContent;
  vehicles: VehicleRecord[];
}

export interface CorrectionRequestRecord {
  id: string;
  message: string;
  fields: string[];
  status: 'OPEN' | 'ANSWERED' | 'APPROVED';
  requestedBy: string;
  requestedAt: Date;
  answeredVersion: number | null;
  answeredAt: Date | null;
  approvedAt: Date | null;
}

export interface AuditEntry {
  declarationId: string;
  vehicleId?: string | null;
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  actorId: string | null;
  actorRole: string;
  console?: string | null;
  reason?: string | null;
  at: Date;
}

/** Who acts, from which console: recorded with every change. */
export interface Actor {
  id: string | null;
  role: string;
  console: string | null;
}
