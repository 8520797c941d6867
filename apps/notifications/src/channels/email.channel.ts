import type { Transporter } from 'nodemailer';
import { smtpTransport } from '#libs/mail/src/index.js';
import { DeliveryFailure, type NotificationChannel, type OutgoingMessage, type SendReceipt } from './channel.js';

/**
 * E-mail over SMTP (nodemailer). The message id is the Message-ID's local part, so a resend after a lost answer
 * is recognisable as the same message. Connections are pooled. SMTP 4xx replies (greylisting, busy) and connection failures are retried;
 * 5xx replies refuse the message (unknown mailbox, relay denied) and stop. The server's 250 is the receipt.
 */
export class EmailChannel implements NotificationChannel {
  readonly name = 'email' as const;
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
    timeoutMs: number,
  ) {
    this.transport = smtpTransport(url, timeoutMs);
  }

  async send(m: OutgoingMessage): Promise<SendReceipt> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: m.recipient,
        subject: m.title ?? '',
        text: m.body,
        messageId: `<${m.id}@cuakhau.vn>`,
        headers: { 'Content-Language': m.language },
      });
      return { providerId: info.messageId, delivered: true };
    } catch (e) {
      const err = e as Error & { responseCode?: number; code?: string };
      const code = err.responseCode;
      const permanent = code !== undefined && code >= 500;
      throw new DeliveryFailure(permanent ? 'permanent' : 'retry', `SMTP ${code ?? err.code ?? ''}: ${err.message}`);
    }
  }

  close(): void {
    this.transport.close();
  }
}
