/// <reference lib="dom" />
import type { TokenPair as Session, UserView as User } from '../../../declaration/src/identity/dto/user-view.dto.js';
import { lang, t } from './i18n.js';

// The account types are the declaration service's response types (type-only: nothing of the server is bundled).
export type { Role } from '../../../../libs/domain/src/access/permissions.js';
export type { TokenPair as Session, UserView as User } from '../../../declaration/src/identity/dto/user-view.dto.js';

export interface FieldError {
  field: string;
  message: string;
}

/** The API's error model (`{ statusCode, code, message, errors? }`); status 0 = the network failed. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

/**
 * The REST client of one console: bearer token with one transparent refresh, and `X-Console` on every
 * request so the audit log says which screen an action came from. Sessions are kept per console, so the
 * customs console and the border-guard board can be open side by side with different accounts.
 */
export class Api {
  private session: Session | null;
  private refreshing: Promise<boolean> | null = null;
  private readonly storageKey: string;
  onSessionLost: () => void = () => undefined;
  /** Writes sent and not answered yet, by when each was sent: the shell says "đang gửi…" for a slow one. */
  private readonly inFlight = new Set<number>();
  private readonly pendingListeners: ((oldest: number | null) => void)[] = [];
  private readonly sessionEndListeners: (() => void)[] = [];
  private readonly renewalListeners: (() => void)[] = [];
  private renewTimer: ReturnType<typeof setTimeout> | null = null;

  /** Where the console works (a gate console's gate): sent with its name in X-Console, as the audit records it. */
  desk: string | null = null;

  constructor(readonly consoleName: string) {
    this.storageKey = `cks.session.${consoleName}`;
    this.session = this.load();
  }

  /** Called with the time the oldest unanswered write was sent, or null once every write is answered. */
  onPending(fn: (oldest: number | null) => void): void {
    this.pendingListeners.push(fn);
  }

  /** Called when the session is lost (refused refresh, revoked tokens), before `onSessionLost`. */
  onSessionEnd(fn: () => void): void {
    this.sessionEndListeners.push(fn);
  }

  /**
   * Called whenever the access token changes to a new one (renewal, also by another tab). The first listener
   * also has the token renewed ahead of its expiry from then on: a live socket must move to a new token before
   * the server ends it at the old one's expiry (a REST call would only refresh on its 401).
   */
  onTokenRenewed(fn: () => void): void {
    this.renewalListeners.push(fn);
    this.scheduleRenewal();
  }

  private notifyPending(): void {
    const oldest = this.inFlight.size ? Math.min(...this.inFlight) : null;
    for (const fn of this.pendingListeners) fn(oldest);
  }

  get user(): User | null {
    return this.session?.user ?? null;
  }

  get token(): string | null {
    return this.session?.accessToken ?? null;
  }

  /**
   * The access token, refreshed first when it expires within a minute, or within half its lifetime if that is
   * shorter (the live socket checks it at connect).
   */
  async freshToken(): Promise<string | null> {
    const token = this.session?.accessToken;
    if (!token) return null;
    const due = renewalDue(token);
    if (due !== null && due < Date.now()) await this.refresh();
    return this.session?.accessToken ?? null;
  }

  /** With someone listening for renewals, the token is renewed when `freshToken` would renew it. */
  private scheduleRenewal(): void {
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.renewTimer = null;
    const due = this.session && renewalDue(this.session.accessToken);
    if (!this.renewalListeners.length || !due) return;
    this.renewTimer = setTimeout(
      () => {
        this.renewTimer = null;
        // A network failure keeps the tokens: try again shortly (a refused refresh ends at the next 401).
        this.refresh().catch(() => (this.renewTimer ??= setTimeout(() => this.scheduleRenewal(), 3000)));
      },
      Math.max(0, due - Date.now()),
    );
  }

  /** A new session or token: stored, renewed on time, and announced. */
  private adopt(s: Session | null): void {
    const changed = s?.accessToken !== this.session?.accessToken;
    this.session = s;
    this.scheduleRenewal();
    if (changed && s) for (const fn of this.renewalListeners) fn();
  }

  setSession(s: Session | null): void {
    this.adopt(s);
    try {
      if (s) localStorage.setItem(this.storageKey, JSON.stringify(s));
      else localStorage.removeItem(this.storageKey);
    } catch {
      /* storage unavailable: the session lives as long as the page */
    }
  }

  private load(): Session | null {
    try {
      const raw = localStorage.getItem(this.storageKey);
      return raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      return null;
    }
  }

  async login(email: string, password: string): Promise<Session> {
    const s = await this.request<Session>('POST', '/auth/login', { email, password }, { auth: false });
    this.setSession(s);
    return s;
  }

  /** Ends the session here and on the server (its refresh tokens and every access token issued so far). */
  async logout(): Promise<void> {
    if (!this.session) return;
    try {
      await this.request('POST', '/auth/logout', { refreshToken: this.session.refreshToken });
    } catch {
      /* already ended, or the network failed: the tokens are forgotten here all the same */
    } finally {
      this.setSession(null);
    }
  }

  /** Ends every session of the account, on every device, this one included. */
  async logoutEverywhere(): Promise<void> {
    await this.request('POST', '/auth/sessions/revoke');
    this.setSession(null);
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<T> {
    return this.request<T>('POST', path, body, { headers });
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    o: { auth?: boolean; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const auth = o.auth !== false;
    // A person's action (not a read, not a token refresh) is watched: one still unanswered after 2 s is shown.
    const watched = method !== 'GET' && path !== '/auth/refresh';
    const sentAt = Date.now() + Math.random() / 1000;
    if (watched) {
      this.inFlight.add(sentAt);
      this.notifyPending();
    }
    try {
      return await this.exchange<T>(method, path, body, auth, o.headers);
    } finally {
      if (watched) {
        this.inFlight.delete(sentAt);
        this.notifyPending();
      }
    }
  }

  /** A non-JSON body (a CSV export) as text, with the same session handling and error model as `get`. */
  getText(path: string, accept = 'text/csv'): Promise<string> {
    return this.exchange<string>('GET', path, undefined, true, { accept }, true);
  }

  private async exchange<T>(
    method: string,
    path: string,
    body: unknown,
    auth: boolean,
    headers: Record<string, string> | undefined,
    asText = false,
  ): Promise<T> {
    let res = await this.send(method, path, body, auth, headers);
    if (res.status === 401 && auth && this.session) {
      if (await this.refresh()) res = await this.send(method, path, body, auth, headers);
      if (res.status === 401) {
        this.setSession(null);
        for (const fn of this.sessionEndListeners) fn();
        this.onSessionLost();
        throw new ApiError(401, 'UNAUTHORIZED', t('sessionExpired'));
      }
    }
    const text = await res.text();
    if (asText && res.ok) return text as T;
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!res.ok) {
      const e = (data ?? {}) as { code?: string; message?: string; errors?: FieldError[] };
      throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? `HTTP ${res.status}`, e.errors ?? []);
    }
    return data as T;
  }

  private async send(
    method: string,
    path: string,
    body: unknown,
    auth: boolean,
    extra: Record<string, string> = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      // The server words its refusals in the language the page is read in.
      'accept-language': lang(),
      'x-console': this.desk ? `${this.consoleName} ${this.desk}` : this.consoleName,
      ...extra,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth && this.session) headers.authorization = `Bearer ${this.session.accessToken}`;
    try {
      return await fetch(`/api${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'NETWORK', t('network'));
    }
  }

  /**
   * One refresh at a time, across the tabs of this console too (they share the session in localStorage):
   * under a lock, a tab first looks whether another one has meanwhile stored a new access token, and then takes
   * those tokens instead of refreshing again. (Access tokens, not refresh tokens, are compared: two pairs issued
   * in the same second carry the same access token.) (The server also accepts a just-rotated token for a
   * short grace, so a browser without `navigator.locks` or a retried request does not end the session either.)
   */
  private refresh(): Promise<boolean> {
    const held = this.session?.accessToken;
    this.refreshing ??= this.exclusive(async () => {
      try {
        // Without storage (private mode), the session lives in this page only.
        const stored = this.load() ?? this.session;
        if (!stored) return false;
        if (stored.accessToken !== held) {
          this.adopt(stored);
          return true;
        }
        const s = await this.request<Session>(
          'POST',
          '/auth/refresh',
          { refreshToken: stored.refreshToken },
          { auth: false },
        );
        this.setSession(s);
        return true;
      } catch (e) {
        // A flaky link is not a lost session: keep the tokens and report the network error.
        if (e instanceof ApiError && e.status === 0) throw e;
        return false;
      } finally {
        setTimeout(() => (this.refreshing = null), 0);
      }
    });
    return this.refreshing;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    return locks ? locks.request(`cks.refresh.${this.consoleName}`, work) : work();
  }
}

/**
 * When an access token should be renewed: a minute before it expires, or half its lifetime before if that is
 * shorter (the renewal and the socket's move to it must fit in what is left, on a slow link too); null when it
 * is not a JWT we can read (it is then used as it is).
 */
function renewalDue(token: string): number | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: number;
      iat?: number;
    };
    if (!payload.exp) return null;
    return payload.exp * 1000 - Math.min(60_000, (payload.exp - (payload.iat ?? 0)) * 500);
  } catch {
    return null;
  }
}
