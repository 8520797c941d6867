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
  findWaitingYard,
  type WaitingYard,
  yardNotListed,
} from '#libs/domain/src/index.js';
import type { DeclarationFigures, VehicleSnapshot } from '#libs/events/src/index.js';
import type { FeePricing } from '../fees/fee-tariff.service.js';
import type { DeclarationContentDto } from './dto/declaration-input.dto.js';
import type { DeclarationContent, DeclarationRecord, VehicleContent } from './declaration.types.js';

/** How far ahead a firm may announce an arrival. */
export const MAX_ARRIVAL_AHEAD_DAYS = 30;

/**
 * The gate's waiting yards a declaration picks from; `kept` is the yard an amended declaration already names,
 * which it may keep even when it is no longer (or never was: free text from before the lists) on the list.
 */
export interface YardChoice {
  gate: string;
  list: readonly WaitingYard[];
  kept?: string;
}

/**
 * The yard a declaration names, stored by its code: given by its code or any of its names. Anything else is
 * refused, unless it is the yard the declaration already names (`kept`), which stays as it is.
 */
function chooseYard(given: string, yards: YardChoice): { yard: string; error: FieldRefusal | null } {
  const value = given.trim().normalize('NFC');
  const found = findWaitingYard(yards.list, value);
  if (found) return { yard: found.code, error: null };
  if (yards.kept !== undefined && value === yards.kept) return { yard: value, error: null };
  return { yard: value, error: yardNotListed(yards.list, value, yards.gate) };
}

/**
 * Turns validated input into stored content: every identifier in its normalised form, the yard by its code,
 * cross-field rules checked (arrival in the future, no plate twice, no customs number twice, a yard of the gate's
 * list). Collects every problem so the firm sees them all at once. `yards` null: the gate is unknown (refused
 * by the caller), no yard is checked.
 */
export function normaliseContent(
  dto: DeclarationContentDto,
  now: Date,
  existingVehicleIds: Set<string> | null,
  yards: YardChoice | null,
): { content: DeclarationContent; errors: FieldRefusal[] } {
  const errors: FieldRefusal[] = [];
  const err = (field: string, code: RefusalCode, params?: RefusalParams) =>
    errors.push({ field, refusal: refusal(code, params) });

  const arrival = new Date(dto.expectedArrival);
  if (Number.isNaN(arrival.getTime())) err('expectedArrival', 'arrivalInvalid');
  else if (arrival.getTime() <= now.getTime()) err('expectedArrival', 'arrivalPast');
  else if (arrival.getTime() > now.getTime() + MAX_ARRIVAL_AHEAD_DAYS * 86400_000)
    err('expectedArrival', 'arrivalTooFar', { days: MAX_ARRIVAL_AHEAD_DAYS });

  const yard = yards ? chooseYard(dto.yard, yards) : { yard: dto.yard.trim().normalize('NFC'), error: null };
  if (yard.error) errors.push(yard.error);

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
      yard: yard.yard,
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
