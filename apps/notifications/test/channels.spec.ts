import { randomUUID } from 'node:crypto';
import webpush from 'web-push';
import { DeliveryFailure, type OutgoingMessage } from '../src/channels/channel.js';
import { EmailChannel } from '../src/channels/email.channel.js';
import { EsmsChannel } from '../src/channels/esms.channel.js';
import { WebPushChannel } from '../src/channels/web-push.channel.js';
import { ZnsChannel } from '../src/channels/zns.channel.js';
import { EsmsStandIn } from './support/esms-stand-in.js';
import { PushStandIn } from './support/push-stand-in.js';
import { SmtpStandIn } from '#libs/testing/src/smtp-stand-in.js';
import { ZnsStandIn } from './support/zns-stand-in.js';

// Each provider client against its stand-in: the documented request, the provider's own error codes, and how
// each failure is sorted (retry or stop).
const message = (o: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  id: randomUUID(),
  recipient: '+84912345678',
  language: 'zh',
  title: '12C-123.45',
  body: '车辆 12C-123.45 已被叫号。',
  data: { plate: '12C-123.45', link: 'http://x/t/CKS1.a.b' },
  ...o,
});

const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof DeliveryFailure) return { kind: e.kind, retryAfterMs: e.retryAfterMs, message: e.message };
    throw e;
  }
  throw new Error('expected a failure');
};

/**
 * How long a channel here waits for a provider's answer: a loaded test machine can take more than half a second to
 * answer from a local stand-in; the slow stand-in answers after twice this.
 */
const PROVIDER_TIMEOUT_MS = 2000;

describe('eSMS', () => {
  const esms = new EsmsStandIn();
  const channel = (o: { secretKey?: string } = {}) =>
    new EsmsChannel(
      {
        url: esms.server.url,
        apiKey: esms.apiKey,
        secretKey: o.secretKey ?? esms.secretKey,
        brandname: 'CUAKHAUSO',
        sandbox: false,
      },
      'http://127.0.0.1:1/cb',
      'secret',
      PROVIDER_TIMEOUT_MS,
    );
  beforeAll(() => esms.server.start());
  afterAll(() => esms.server.stop());

  it('sends once per RequestId: a resend after a lost answer counts as sent, nothing goes out twice', async () => {
    const m = message();
    expect((await channel().send(m)).providerId).toMatch(/^\w+$/);
    expect(await channel().send(m)).toEqual({ providerId: m.id, delivered: false });
    expect(esms.messages.filter((x) => x.requestId === m.id)).toHaveLength(1);
  });

  it('sorts failures: bad credentials stop, 429 waits its Retry-After, 5xx, down and slow are retried', async () => {
    expect(await failure(channel({ secretKey: 'wrong' }).send(message()))).toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('101'),
    });
    await esms.server.set({ mode: 'busy', count: 1, retryAfterSeconds: 3 });
    expect(await failure(channel().send(message()))).toMatchObject({ kind: 'retry', retryAfterMs: 3000 });
    await esms.server.set({ mode: 'broken', count: 1 });
    expect(await failure(channel().send(message()))).toMatchObject({ kind: 'retry', retryAfterMs: null });
    await esms.server.set({ mode: 'slow', delayMs: 2 * PROVIDER_TIMEOUT_MS });
    expect(await failure(channel().send(message()))).toMatchObject({
      kind: 'retry',
      message: expect.stringContaining('timeout'),
    });
    await esms.server.set({ mode: 'down' });
    expect(await failure(channel().send(message()))).toMatchObject({ kind: 'retry' });
    await esms.server.set({ mode: 'up' });
  });
});

describe('Zalo ZNS', () => {
  const zns = new ZnsStandIn();
  const channel = (token = zns.accessToken) =>
    new ZnsChannel(
      {
        url: zns.server.url,
        accessToken: token,
        templateId: zns.templateId,
        appId: zns.appId,
        oaSecretKey: zns.oaSecretKey,
      },
      PROVIDER_TIMEOUT_MS,
    );
  beforeAll(() => zns.server.start());
  afterAll(() => zns.server.stop());

  it('sends the template with the phone in 84… form and our id as tracking_id', async () => {
    const m = message();
    const r = await channel().send(m);
    expect(zns.messages.at(-1)).toMatchObject({
      phone: '84912345678',
      trackingId: m.id,
      msgId: r.providerId,
      templateData: { content: m.body },
    });
  });

  it('an invalid access token or phone stops; 429 is retried after its Retry-After', async () => {
    expect(await failure(channel('expired').send(message()))).toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('-124'),
    });
    expect(await failure(channel().send(message({ recipient: '12345' })))).toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('-108'),
    });
    await zns.server.set({ mode: 'busy', count: 1, retryAfterSeconds: 2 });
    expect(await failure(channel().send(message()))).toMatchObject({ kind: 'retry', retryAfterMs: 2000 });
  });
});

describe('Web Push', () => {
  const keys = webpush.generateVAPIDKeys();
  const push = new PushStandIn(keys.publicKey);
  const channel = (publicKey = keys.publicKey, privateKey = keys.privateKey) =>
    new WebPushChannel({ publicKey, privateKey, subject: 'mailto:hotro@cuakhau.vn' }, 1000);
  beforeAll(() => push.server.start());
  afterAll(() => push.server.stop());

  it('delivers an encrypted payload the browser can read, signed with the VAPID key', async () => {
    const sub = push.subscribe();
    await channel().send(message({ recipient: sub.endpoint, data: { ...sub.keys, link: 'http://x/t/1' } }));
    expect(push.messages.at(-1)!.payload).toEqual({
      title: '12C-123.45',
      body: '车辆 12C-123.45 已被叫号。',
      url: 'http://x/t/1',
      lang: 'zh',
    });
  });

  it('a gone subscription or another server’s key stops', async () => {
    const sub = push.subscribe();
    const other = webpush.generateVAPIDKeys();
    expect(
      await failure(
        channel(other.publicKey, other.privateKey).send(message({ recipient: sub.endpoint, data: sub.keys })),
      ),
    ).toMatchObject({ kind: 'permanent' });
    expect(
      await failure(channel().send(message({ recipient: `${push.server.url}/push/unknown`, data: sub.keys }))),
    ).toMatchObject({ kind: 'permanent', message: expect.stringContaining('410') });
  });
});

describe('e-mail', () => {
  const smtp = new SmtpStandIn();
  beforeAll(() => smtp.start());
  afterAll(() => smtp.stop());

  it('sends over SMTP with the message id as Message-ID, in UTF-8', async () => {
    const email = new EmailChannel(smtp.url, 'Cửa khẩu số <thongbao@cuakhau.vn>', 2000);
    const m = message({ recipient: 'dieuvan@congty.vn', title: 'Xe 12C-123.45 đã được gọi' });
    expect(await email.send(m)).toMatchObject({ delivered: true });
    email.close();
    expect(smtp.mails.at(-1)).toMatchObject({
      to: ['dieuvan@congty.vn'],
      subject: 'Xe 12C-123.45 đã được gọi',
      messageId: `<${m.id}@cuakhau.vn>`,
    });
    expect(smtp.mails.at(-1)!.text).toContain('已被叫号');
  });
});
