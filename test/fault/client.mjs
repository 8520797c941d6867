// What a client on a flaky 3G link does: requests that time out or fail are sent again, with the same
// Idempotency-Key and the very same body, until an answer comes back or the client gives up. Plus the
// declaration bodies the load files.
import { randomUUID } from 'node:crypto';
import { declarationBody as buildDeclaration, futureIso } from '../../libs/testing/src/builders.mjs';
import { sleep } from './cluster.mjs';

/** The plate key the services index plates by (letters and digits only). */
export const plateKey = (plate) => plate.replace(/[^0-9A-Z]/gi, '').toUpperCase();

/** A declaration of `vehicles` trucks at a gate, arriving in six hours, and its plates; perishable goods get
 * the priority class. */
export function declarationBody({ gate = 'HUU_NGHI', direction = 'EXPORT', vehicles = 1, perishable = false } = {}) {
  const body = buildDeclaration({
    gate,
    direction,
    vehicles: Array.from({ length: vehicles }, () => ({})),
    category: perishable ? 'PERISHABLE' : 'GENERAL',
    arrival: futureIso(6),
  });
  return { plates: body.vehicles.map((v) => v.plate), body };
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
