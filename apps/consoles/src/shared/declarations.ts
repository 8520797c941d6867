import type { Direction } from '../../../../libs/domain/src/identifiers/reference-data.js';
// The declaration as the API returns it (JSON of the declaration service's DeclarationView).

export interface QueueInfo {
  entryId: string;
  status: string;
  window: { start: string; end: string } | null;
  position: number | null;
  checkedInAt: string;
}

export interface VehicleView {
  id: string;
  plate: string;
  plateKey: string;
  trailerPlate: string | null;
  nationality: 'VN' | 'CN';
  feeClass: string;
  containerNumber: string | null;
  sealNumber: string | null;
  driver: { name: string; document: { type: string; number: string }; phone: string };
  status: string;
  queue: QueueInfo | null;
  slipCode: string | null;
}

export interface GoodsGroup {
  customsDeclarationNumber: string;
  category: string;
  items: { description: string; hsCode: string; grossWeightKg: number; valueVnd: number }[];
}

export interface CorrectionRequest {
  id: string;
  message: string;
  fields: string[];
  status: 'OPEN' | 'ANSWERED' | 'APPROVED';
  requestedAt: string;
  answeredVersion: number | null;
}

export interface Declaration {
  id: string;
  number: string;
  firm: { id: string; name: string; taxCode: string };
  gate: string;
  direction: Direction;
  status: string;
  version: number;
  expectedArrival: string;
  yard: string;
  goods: GoodsGroup[];
  vehicles: VehicleView[];
  decisionReason: string | null;
  correctionRequests?: CorrectionRequest[];
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface GateInfo {
  code: string;
  name: string;
}
