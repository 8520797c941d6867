import { randomUUID } from 'node:crypto';
import {
  DEFAULT_LANGUAGE,
  parseContainerNumber,
  parseCustomsDeclarationNumber,
  parseDriverDocument,
  parseHsCode,
  parsePhone,
  parsePlate,
  parseSealNumber,
  priorityClassOf,
  isTerminalState,
  requiresQuarantine,
  refusal,
  type FieldRefusal,
  type RefusalCode,
  type RefusalParams,
} from '#libs/domain/src/index.js';
import type { DeclarationFigures, VehicleSnapshot } from '#libs/events/src/index.js';
import type { FeePricing } from '../fees/fee-tariff.service.js';
import type { DeclarationContentDto } from './dto/declaration-input.dto.js';
import type { DeclarationContent, DeclarationRecord, VehicleContent } from './declaration.types.js';

/** How far ahead a firm may announce an arrival. */
export const MAX_ARRIVAL_AHEAD_DAYS = 30;

/**
 * Turns validated input into stored content: every identifier in its normalised form, cross-field
 * rules checked (arrival in the future, no plate twice, no customs number twice). Collects every
 * problem so the firm sees them all at once.
 */
export function normaliseContent(
  dto: DeclarationContentDto,
  now: Date,
  existingVehicleIds: Set<string> | null,
): { content: DeclarationContent; errors: FieldRefusal[] } {
  const errors: FieldRefusal[] = [];
  const err = (field: string, code: RefusalCode, params?: RefusalParams) =>
    errors.push({ field, refusal: refusal(code, params) });

  const arrival = new Date(dto.expectedArrival);
  if (Number.isNaN(arrival.getTime())) err('expectedArrival', 'arrivalInvalid');
  else if (arrival.getTime() <= now.getTime()) err('expectedArrival', 'arrivalPast');
  else if (arrival.getTime() > now.getTime() + MAX_ARRIVAL_AHEAD_DAYS * 86400_000)
    err('expectedArrival', 'arrivalTooFar', { days: MAX_ARRIVAL_AHEAD_DAYS });

  const customsNumbers = new Set<string>();
  const goods = dto.goods.map((g, gi) => {
    const cn = parseCustomsDeclarationNumber(g.customsDeclarationNumber);
    const number = cn.ok ? cn.value.normalized : g.customsDeclarationNumber;
    if (customsNumbers.has(number)) err(`goods[${gi}].customsDeclarationNumber`, 'customsNumberTwice');
    customsNumbers.add(number);
    return {
      customsDeclarationNumber: number,
      category: g.category,
      items: g.items.map((it) => {
        const hs = parseHsCode(it.hsCode);
        return {
          description: it.description.trim(),
          hsCode: hs.ok ? hs.value.normalized : it.hsCode,
          grossWeightKg: it.grossWeightKg,
          valueVnd: it.valueVnd,
        };
      }),
    };
  });

  const plates = new Map<string, number>();
  const vehicles: VehicleContent[] = dto.vehicles.map((v, i) => {
    const at = (f: string) => `vehicles[${i}].${f}`;
    if (v.id && !existingVehicleIds) err(at('id'), 'vehicleIdOnCreate');
    if (v.id && existingVehicleIds && !existingVehicleIds.has(v.id)) err(at('id'), 'vehicleNotOfDeclaration');
    const plate = parsePlate(v.plate, { kind: 'TRACTOR' });
    const trailer = v.trailerPlate ? parsePlate(v.trailerPlate, { kind: 'TRAILER' }) : null;
    if (plate.ok) {
      if (plates.has(plate.value.normalized)) err(at('plate'), 'plateTwice', { plate: plate.value.display });
      plates.set(plate.value.normalized, i);
      if (plate.value.country !== v.nationality)
        err(at('nationality'), 'plateNotOfCountry', {
          plate: plate.value.display,
          country: refusal(v.nationality === 'VN' ? 'country_VN' : 'country_CN'),
        });
    }
    const container = v.containerNumber ? parseContainerNumber(v.containerNumber) : null;
    const seal = v.sealNumber ? parseSealNumber(v.sealNumber) : null;
    const doc = parseDriverDocument(v.driver.document);
    const phone = parsePhone(v.driver.phone);
    return {
      id: v.id ?? randomUUID(),
      plate: plate.ok ? plate.value.display : v.plate,
      plateKey: plate.ok ? plate.value.normalized : v.plate,
      trailerPlate: trailer?.ok ? trailer.value.display : null,
      trailerPlateKey: trailer?.ok ? trailer.value.normalized : null,
      nationality: v.nationality,
      feeClass: v.feeClass,
      containerNumber: container?.ok ? container.value.normalized : null,
      sealNumber: seal?.ok ? seal.value.normalized : null,
      driver: {
        name: v.driver.name.trim().normalize('NFC'),
        document: doc.ok ? { type: doc.value.type, number: doc.value.normalized } : v.driver.document,
        phone: phone.ok ? phone.value.normalized : v.driver.phone,
      },
      driverLanguage: v.driverLanguage ?? DEFAULT_LANGUAGE,
    };
  });

  return {
    content: {
      expectedArrival: Number.isNaN(arrival.getTime()) ? dto.expectedArrival : arrival.toISOString(),
      yard: dto.yard.trim().normalize('NFC'),
      goods,
      vehicles,
    },
    errors,
  };
}

/** A submitted or rejected declaration's figures for the statistics: its live vehicles are the ones that move. */
export function declarationFigures(d: DeclarationRecord): DeclarationFigures {
  return {
    direction: d.direction,
    goodsCategories: [...new Set(d.content.goods.map((g) => g.category))],
    vehicleCount: d.vehicles.filter((v) => !isTerminalState(v.status)).length,
  };
}

/**
 * What the yard-queue service is told about each vehicle of a declaration: by default its live vehicles at
 * the current version; `at` describes the declaration as a change would leave it (an amendment not yet written).
 * Each carries its fee as `price` gives it, so the yard collects the amount the firm was shown.
 */
export function vehicleSnapshots(
  d: DeclarationRecord,
  price: FeePricing,
  at: { content: DeclarationContent; version: number; vehicleIds: readonly string[] } = {
    content: d.content,
    version: d.currentVersion,
    vehicleIds: d.vehicles.map((v) => v.id),
  },
): VehicleSnapshot[] {
  const { content, version } = at;
  const categories = content.goods.map((g) => g.category);
  const live = new Set(at.vehicleIds);
  return content.vehicles
    .filter((v) => live.has(v.id))
    .map((v) => ({
      vehicleId: v.id,
      declarationId: d.id,
      firmId: d.firmId,
      firmName: d.firmName,
      gate: d.gate,
      direction: d.direction,
      plate: v.plate,
      plateKey: v.plateKey,
      trailerPlate: v.trailerPlate,
      nationality: v.nationality,
      containerNumber: v.containerNumber,
      sealNumber: v.sealNumber,
      driverName: v.driver.name,
      driverDocument: v.driver.document,
      driverPhone: v.driver.phone,
      driverLanguage: v.driverLanguage ?? DEFAULT_LANGUAGE,
      priorityClass: priorityClassOf(categories),
      quarantineRequired: requiresQuarantine(categories),
      goodsCategories: [...new Set(categories)],
      expectedArrival: content.expectedArrival,
      version,
      fee: price(v.feeClass, d.createdAt),
    }));
}
