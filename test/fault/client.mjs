// What a client on a flaky 3G link does: requests that time out or fail are sent again, with the same
// Idempotency-Key and the very same body, until an answer comes back or the client gives up. Plus valid
// identifiers (plates, tax codes, container numbers) and declaration bodies.
import { randomUUID } from 'node:crypto';
import { sleep } from './cluster.mjs';

import { nextPlate, taxCode } from '../support/identifiers.mjs';

export { nextPlate, taxCode };

/** The plate key the services index plates by (letters and digits only). */
export const plateKey = (plate) => plate.replace(/[^0-9A-Z]/gi, '').toUpperCase();

let containerSerial = 0;
function containerNumber() {
  const values = {};
  let v = 10;
  for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (v % 11 === 0) v++;
    values[ch] = v++;
  }
  const s = `MSKU${String(containerSerial++ % 1000000).padStart(6, '0')}`;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (/\d/.test(s[i]) ? Number(s[i]) : values[s[i]]) * 2 ** i;
  return `${s}${(sum % 11) % 10}`;
}

let customsSerial = 0;
/** A declaration of `vehicles` trucks at a gate; perishable goods get the priority class. */
export function declarationBody({ gate = 'HUU_NGHI', direction = 'EXPORT', vehicles = 1, perishable = false } = {}) {
  const plates = Array.from({ length: vehicles }, () => nextPlate());
  return {
    plates,
    body: {
      gate,
      direction,
      expectedArrival: new Date(Date.now() + 6 * 3600_000).toISOString(),
      yard: gate === 'HUU_NGHI' ? 'Bãi chờ Hữu Nghị' : 'Bãi chờ Tân Thanh',
      goods: [
        {
          customsDeclarationNumber: String(300000000000 + ((process.pid * 100000 + customsSerial++) % 99999999999)),
          category: perishable ? 'PERISHABLE' : 'GENERAL',
          items: [
            {
              description: perishable ? 'Thanh long ruột đỏ' : 'Linh kiện điện tử',
              hsCode: perishable ? '0810.90' : '8542.31',
              grossWeightKg: 18000,
              valueVnd: 450000000,
            },
          ],
        },
      ],
      vehicles: plates.map((plate) => ({
        plate,
        nationality: 'VN',
        feeClass: 'CONTAINER_40FT',
        containerNumber: containerNumber(),
        sealNumber: `VN${1000000 + (containerSerial % 8999999)}`,
        driver: { name: 'Hoàng Văn Bình', document: { type: 'CCCD', number: '020123456789' }, phone: '0912345678' },
      })),
    },
  };
}

/** Statuses worth sending again: the service or its database was not there, or we could not tell. */
export const retryable = (status) => status === 0 || status === 408 || status === 429 || status >= 500;

/**
 * One HTTP request, with a deadline: { status (0 = no answer), body, ms, error }. Never throws and never
 * waits longer than `timeoutMs`.
 */
export async function request(url, { method = 'GET', token, body, headers = {}, timeoutMs = 10000 } = {}) {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed, ms: performance.now() - started };
  } catch (e) {
    return {
      status: 0,
      body: null,
      ms: performance.now() - started,
      error: e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.message),
    };
  }
}

/**
 * A client on a bad mobile link: each attempt has a timeout drawn at random (a share of them very short, so a
 * request may still be running on the server when the client gives up and sends it again), and failed or
 * timed-out attempts are retried with backoff until an answer other than "try again" arrives or
 * `deadlineMs` has passed. Returns the last answer and every answer seen.
 */
export class FlakyClient {
  constructor({ shortTimeoutShare = 0.15, timeoutMs = 8000, deadlineMs = 60000, random = Math.random, stats } = {}) {
    this.shortTimeoutShare = shortTimeoutShare;
    this.timeoutMs = timeoutMs;
    this.deadlineMs = deadlineMs;
    this.random = random;
    this.stats = stats ?? { requests: 0, retries: 0, timeouts: 0, refused: 0, byStatus: {} };
  }

  async send(url, o, { retryOn = retryable, deadlineMs = this.deadlineMs, stop = () => false } = {}) {
    const deadline = performance.now() + deadlineMs;
    const answers = [];
    for (let attempt = 0; ; attempt++) {
      const short = this.random() < this.shortTimeoutShare;
      const timeoutMs = short ? 30 + Math.floor(this.random() * 400) : this.timeoutMs;
      const r = await request(url, {
        ...o,
        timeoutMs: Math.max(10, Math.min(timeoutMs, deadline - performance.now())),
      });
      this.stats.requests++;
      if (attempt > 0) this.stats.retries++;
      if (r.error === 'timeout') this.stats.timeouts++;
      else if (r.status === 0) this.stats.refused++;
      this.stats.byStatus[r.status] = (this.stats.byStatus[r.status] ?? 0) + 1;
      answers.push(r);
      if (!retryOn(r.status, r.body) || performance.now() > deadline || stop())
        return { ...r, answers, attempts: attempt + 1 };
      await sleep(Math.min(2000, 50 * 2 ** Math.min(attempt, 6)) * (0.5 + this.random()));
    }
  }
}

export const newKey = () => `fault-${randomUUID()}`;
