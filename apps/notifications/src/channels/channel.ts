import { type Channel, type Language, parseRetryAfter } from '#libs/domain/src/index.js';

/** A message as a channel sends it. */
export interface OutgoingMessage {
  id: string;
  recipient: string;
  language: Language;
  title: string | null;
  body: string;
  /** The facts a template-based channel (ZNS) fills its template with. */
  data: Record<string, string>;
}

/** What a provider answered to an accepted message. */
export interface SendReceipt {
  /** The provider's id of the message, which its delivery reports name. */
  providerId: string | null;
  /** The provider confirmed delivery in its answer (nothing more will come). */
  delivered: boolean;
}

/**
 * A delivery that failed. `retry`: the provider was down, slow, busy or rate-limited (429, 5xx, timeouts, its own
 * "try later" codes) — try again, after `retryAfterMs` when it said so. `permanent`: it refused the message itself
 * (bad number, bad credentials, a 4xx): retrying would change nothing, so it is recorded and stops.
 */
export class DeliveryFailure extends Error {
  constructor(
    readonly kind: 'retry' | 'permanent',
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** One way of reaching people; each provider client implements it. */
export interface NotificationChannel {
  readonly name: Channel;
  send(message: OutgoingMessage): Promise<SendReceipt>;
}

/**
 * One request to a provider's HTTP API, bounded by `timeoutMs`: its answer (text and headers) when 2xx, otherwise
 * the failure sorted for the dispatcher.
 */
export async function providerRequest(
  provider: string,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<{ text: string; headers: Headers }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw failureOfThrown(provider, e);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok)
    throw failureOfStatus(provider, res.status, text, parseRetryAfter(res.headers.get('retry-after'), Date.now()));
  return { text, headers: res.headers };
}

/** A provider's JSON answer; one that is not JSON (a proxy's error page) is worth retrying. */
export function providerJson<T>(provider: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new DeliveryFailure('retry', `${provider}: answer is not JSON: ${text.slice(0, 100)}`);
  }
}

/**
 * Sorts an HTTP answer that is not a success: 429 and 5xx (and 408) are worth retrying, other 4xx are not.
 * Network errors and timeouts are thrown by fetch and classified by `failureOfThrown`.
 */
function failureOfStatus(provider: string, status: number, body: string, retryAfterMs: number | null): DeliveryFailure {
  const retry = status === 429 || status === 408 || status >= 500;
  return new DeliveryFailure(
    retry ? 'retry' : 'permanent',
    `${provider}: HTTP ${status} ${body.slice(0, 200)}`,
    status === 429 ? retryAfterMs : null,
  );
}

/** A request that never got an answer (refused connection, reset, timeout) is retried. */
function failureOfThrown(provider: string, e: unknown): DeliveryFailure {
  if (e instanceof DeliveryFailure) return e;
  const err = e as Error & { cause?: { code?: string } };
  const what = err.name === 'TimeoutError' ? 'timeout' : (err.cause?.code ?? err.message);
  return new DeliveryFailure('retry', `${provider}: ${what}`);
}
