// The one set of valid identifiers and request bodies for every test, benchmark and fault script. Plain
// JavaScript so the .mjs scripts can load it too; the check digits are the domain's own (from the sources
// under Jest and the compiler, from dist/ for the scripts, which build first).
import { randomUUID } from 'node:crypto';
import { containerCheckDigit, normalisePlateKey, parsePlate, taxCodeCheckDigit } from '#libs/domain/src/index.js';

// Counters start at a per-process offset, so processes that share a database do not collide.
const offset = (process.pid % 1000) * 100_000;
let plates = offset;
let taxCodes = offset;
let serials = offset;

const PLATE_SERIES = 'ABCDEFGHKLMNPSTUVXYZ';

/**
 * A valid Vietnamese tractor plate `NNL-NNN.NN`, different on every call within a process (R is the trailer
 * series); `series` fixes the letters.
 * @param {string} [series]
 * @returns {string}
 */
export function uniqueVnPlate(series) {
  const n = plates++;
  const province = 11 + (n % 88);
  const letters = series ?? PLATE_SERIES[Math.floor(n / 88) % PLATE_SERIES.length];
  const digits = String(Math.floor(n / (88 * PLATE_SERIES.length)) % 100000).padStart(5, '0');
  return `${province}${letters}-${digits.slice(0, 3)}.${digits.slice(3)}`;
}

/**
 * A tax code with a correct check digit, different on every call within a process.
 * @returns {string}
 */
export function uniqueTaxCode() {
  for (;;) {
    const first9 = String(100000000 + (taxCodes++ % 899999999));
    const d = taxCodeCheckDigit(first9);
    if (d !== null) return `${first9}${d}`;
  }
}

/**
 * An ISO 6346 container number with a correct check digit.
 * @returns {string}
 */
export function validContainer() {
  const first10 = `CSQU${String(serials++ % 1000000).padStart(6, '0')}`;
  return `${first10}${containerCheckDigit(first10)}`;
}

/**
 * A 12-digit customs declaration number.
 * @returns {string}
 */
function customsNumber() {
  return String(100000000000 + (serials++ % 899999999999));
}

/**
 * @param {number} [hoursAhead]
 * @param {Date} [from]
 * @returns {string}
 */
export function futureIso(hoursAhead = 24, from = new Date()) {
  return new Date(from.getTime() + hoursAhead * 3600_000).toISOString();
}

/**
 * @typedef {object} VehicleInput
 * @property {string} [plate]
 * @property {string} [trailerPlate]
 * @property {'VN' | 'CN'} [nationality]
 */

/**
 * @typedef {object} DeclarationBodyOptions
 * @property {string} [gate]
 * @property {string} [direction]
 * @property {VehicleInput[]} [vehicles] one vehicle by default
 * @property {string} [category] PERISHABLE (fresh fruit, the default) or GENERAL (electronics)
 * @property {string} [arrival] expected arrival, 24 hours ahead by default
 */

/**
 * A realistic, valid declaration body: one goods group for export, with the given vehicles.
 * @param {DeclarationBodyOptions} [o]
 */
export function declarationBody(o = {}) {
  const gate = o.gate ?? 'HUU_NGHI';
  const category = o.category ?? 'PERISHABLE';
  const item =
    category === 'PERISHABLE'
      ? { description: 'Thanh long ruột đỏ', hsCode: '0810.90', grossWeightKg: 18000, valueVnd: 450000000 }
      : { description: 'Linh kiện điện tử', hsCode: '8542.31', grossWeightKg: 18000, valueVnd: 450000000 };
  return {
    gate,
    direction: o.direction ?? 'EXPORT',
    expectedArrival: o.arrival ?? futureIso(24),
    yard: gate === 'TAN_THANH' ? 'TAN_THANH_CHO' : 'HUU_NGHI_CHO',
    goods: [{ customsDeclarationNumber: customsNumber(), category, items: [item] }],
    vehicles: (o.vehicles ?? [{}]).map((v) => ({
      plate: v.plate ?? uniqueVnPlate(),
      ...(v.trailerPlate ? { trailerPlate: v.trailerPlate } : {}),
      nationality: v.nationality ?? 'VN',
      feeClass: 'CONTAINER_40FT',
      containerNumber: validContainer(),
      sealNumber: 'VN1234567',
      driver: { name: 'Hoàng Văn Bình', document: { type: 'CCCD', number: '020123456789' }, phone: '0912345678' },
    })),
  };
}

/**
 * What a firm may send to amend a declaration: its body without the gate and the direction.
 * @template {{ gate?: unknown; direction?: unknown }} T
 * @param {T} body
 * @returns {Omit<T, 'gate' | 'direction'>}
 */
export function amendmentOf(body) {
  const content = { ...body };
  delete content.gate;
  delete content.direction;
  return content;
}

/** The personal data of the vehicles from `acceptedVehicleEvents`, which public views must never show. */
export const SEEDED_DRIVER = Object.freeze({
  name: 'Lường Văn Tâm',
  document: Object.freeze({ type: 'CCCD', number: '020123456789' }),
  phone: '+84912345678',
});

/**
 * @typedef {object} AcceptedVehiclesOptions
 * @property {string | ((i: number) => string)} [gate] HUU_NGHI by default
 * @property {'EXPORT' | 'IMPORT' | ((i: number) => 'EXPORT' | 'IMPORT')} [direction] EXPORT by default
 * @property {boolean | ((i: number) => boolean)} [priority] perishable goods in the priority class
 * @property {string} [firmId] one firm for them all (each its own by default)
 * @property {string} [firmName]
 * @property {string} [producer]
 * @property {(i: number) => string | null} [plate] a given plate (any spelling) for some vehicles, a unique Vietnamese one otherwise
 * @property {{ feeClass: string, amountVnd: number, effectiveFrom: string }} [fee] the infrastructure fee each owes (none by default)
 */

/**
 * `n` accepted vehicles, each in its own `declaration.accepted` event exactly as the declaration service's
 * relay delivers it, for tests and benchmarks whose subject is the queue rather than filing.
 * @param {number} n
 * @param {AcceptedVehiclesOptions} [o]
 * @returns {{ events: import('#libs/events/src/index.js').AnyEventEnvelope[];
 *   vehicles: import('#libs/events/src/index.js').VehicleSnapshot[] }}
 */
export function acceptedVehicleEvents(n, o = {}) {
  /** @type {<T>(v: T | ((i: number) => T) | undefined, i: number, fallback: T) => T} */
  const at = (v, i, fallback) => (typeof v === 'function' ? v(i) : (v ?? fallback));
  const events = [];
  const vehicles = [];
  for (let i = 0; i < n; i++) {
    const plateText = o.plate?.(i) ?? uniqueVnPlate();
    const plate = parsePlate(plateText);
    const plateKey = normalisePlateKey(plateText);
    if (!plate.ok || !plateKey) throw new Error(`invalid test plate ${plateText}`);
    const priority = at(o.priority, i, false);
    const declarationId = randomUUID();
    const firmId = o.firmId ?? randomUUID();
    const gate = at(o.gate, i, 'HUU_NGHI');
    const vehicle = {
      vehicleId: randomUUID(),
      declarationId,
      firmId,
      firmName: o.firmName ?? 'Công ty TNHH Vận tải Đồng Đăng',
      gate,
      direction: at(o.direction, i, 'EXPORT'),
      plate: plate.value.display,
      plateKey,
      trailerPlate: null,
      nationality: 'VN',
      containerNumber: null,
      sealNumber: null,
      driverName: SEEDED_DRIVER.name,
      driverDocument: { ...SEEDED_DRIVER.document },
      driverPhone: SEEDED_DRIVER.phone,
      driverLanguage: 'vi',
      priorityClass: priority ? 'PRIORITY' : 'GENERAL',
      quarantineRequired: priority,
      goodsCategories: [priority ? 'PERISHABLE' : 'GENERAL'],
      expectedArrival: new Date().toISOString(),
      version: 1,
      ...(o.fee ? { fee: o.fee } : {}),
    };
    events.push({
      id: randomUUID(),
      type: 'declaration.accepted',
      aggregateId: declarationId,
      producer: o.producer ?? 'test',
      occurredAt: new Date().toISOString(),
      sequence: i,
      payload: { declarationId, firmId, gate, automatic: false, vehicles: [vehicle] },
    });
    vehicles.push(vehicle);
  }
  return { events, vehicles };
}
