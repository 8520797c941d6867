import { createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes, verify } from 'node:crypto';
import { json, StandInServer } from './stand-in.js';

export interface PushMessage {
  endpoint: string;
  payload: { title: string | null; body: string; url: string | null; lang: string };
  ttl: string | undefined;
  urgency: string | undefined;
}

interface Subscriber {
  ecdh: ReturnType<typeof createECDH>;
  auth: Buffer;
}

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/**
 * A push service (RFC 8030) as browsers' push services behave: POST to a subscription's endpoint with
 * `Authorization: vapid t=<JWT>, k=<public key>` (RFC 8292: ES256 JWT whose `aud` is the endpoint's origin,
 * `exp` within 24 h, a `sub` contact; anything else → 401/403), `Content-Encoding: aes128gcm` and a `TTL`; the
 * payload is decrypted as the browser would (RFC 8291) to check what the driver would read; 201 with a Location.
 * An endpoint it does not know answers 410 Gone.
 */
export class PushStandIn {
  readonly server: StandInServer;
  readonly messages: PushMessage[] = [];
  private readonly subscribers = new Map<string, Subscriber>();

  constructor(private readonly vapidPublicKey: string) {
    this.server = new StandInServer((req, body, res) => {
      const id = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1];
      const sub = id ? this.subscribers.get(id) : undefined;
      if (req.method !== 'POST' || !sub) return json(res, 410, { reason: 'subscription gone' });
      const auth = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), ?k=([\w-]+)$/.exec(String(req.headers.authorization ?? ''));
      if (!auth) return json(res, 401, { reason: 'missing VAPID authorization' });
      const [, jwt, k] = auth;
      if (k !== this.vapidPublicKey) return json(res, 403, { reason: 'key does not match the subscription' });
      if (!this.verifyJwt(jwt, k)) return json(res, 403, { reason: 'bad VAPID JWT' });
      if (req.headers['content-encoding'] !== 'aes128gcm') return json(res, 415, { reason: 'aes128gcm only' });
      if (req.headers.ttl === undefined) return json(res, 400, { reason: 'TTL required' });
      const plain = decrypt(body, sub);
      this.messages.push({
        endpoint: `${this.server.url}${req.url}`,
        payload: JSON.parse(plain.toString('utf8')) as PushMessage['payload'],
        ttl: req.headers.ttl as string | undefined,
        urgency: req.headers.urgency as string | undefined,
      });
      res.writeHead(201, { location: `${this.server.url}/messages/${randomBytes(8).toString('hex')}` }).end();
    });
  }

  /** A browser's subscription (`PushSubscription.toJSON()`), with the keys kept to decrypt what it receives. */
  subscribe(): { endpoint: string; keys: { p256dh: string; auth: string } } {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    const id = randomBytes(12).toString('base64url');
    this.subscribers.set(id, { ecdh, auth });
    return {
      endpoint: `${this.server.url}/push/${id}`,
      keys: { p256dh: ecdh.getPublicKey('base64url'), auth: auth.toString('base64url') },
    };
  }

  private verifyJwt(jwt: string, k: string): boolean {
    const [h, p, s] = jwt.split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string };
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { aud?: string; exp?: number; sub?: string };
    if (header.alg !== 'ES256') return false;
    if (claims.aud !== new URL(this.server.url).origin) return false;
    const now = Date.now() / 1000;
    if (!claims.exp || claims.exp < now || claims.exp > now + 24 * 3600 + 60) return false;
    if (!claims.sub || !/^(mailto:|https:)/.test(claims.sub)) return false;
    const point = Buffer.from(k, 'base64url');
    const key = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33, 65).toString('base64url'),
      },
      format: 'jwk',
    });
    return verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
  }
}

/** RFC 8291 / RFC 8188 aes128gcm, one record: what the browser does with a push message. */
function decrypt(body: Buffer, sub: Subscriber): Buffer {
  const salt = body.subarray(0, 16);
  const idLen = body[20];
  const senderPublic = body.subarray(21, 21 + idLen);
  const ciphertext = body.subarray(21 + idLen);
  const ecdhSecret = sub.ecdh.computeSecret(senderPublic);
  const prkKey = hmac(sub.auth, ecdhSecret);
  const keyInfo = Buffer.concat([
    Buffer.from('WebPush: info\0'),
    sub.ecdh.getPublicKey(),
    senderPublic,
    Buffer.from([1]),
  ]);
  const ikm = hmac(prkKey, keyInfo);
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('bad padding delimiter');
  return padded.subarray(0, end);
}
