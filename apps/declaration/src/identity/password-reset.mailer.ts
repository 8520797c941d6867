import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import type { Language } from '#libs/domain/src/language/language.js';
import { smtpTransport } from '#libs/mail/src/index.js';

/** The e-mail's words; `{email}`, `{minutes}` and `{link}` are filled in. */
const RESET_MAIL: Record<Language, { subject: string; body: string }> = {
  vi: {
    subject: 'Đặt lại mật khẩu — Cửa khẩu số',
    body:
      'Chúng tôi nhận được yêu cầu đặt lại mật khẩu cho tài khoản {email}.\n' +
      'Mở đường dẫn sau để đặt mật khẩu mới (chỉ dùng được một lần, trong {minutes} phút):\n{link}\n\n' +
      'Nếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu của bạn không thay đổi.',
  },
  zh: {
    subject: '重置密码 — 数字口岸',
    body:
      '我们收到了为账户 {email} 重置密码的请求。\n' +
      '请打开以下链接设置新密码（仅可使用一次，{minutes} 分钟内有效）：\n{link}\n\n' +
      '如果不是您本人的请求，请忽略此邮件：您的密码不会改变。',
  },
  en: {
    subject: 'Reset your password — Digital border gate',
    body:
      'We received a request to reset the password of the account {email}.\n' +
      'Open this link to set a new password (it works once, within {minutes} minutes):\n{link}\n\n' +
      'If you did not ask for this, ignore this e-mail: your password stays as it is.',
  },
};

/** The reset e-mail: Vietnamese first, then the reader's own language when it is another. */
export function resetMail(
  lang: Language,
  p: { email: string; minutes: number; link: string },
): { subject: string; text: string } {
  const parts = lang === 'vi' ? [RESET_MAIL.vi] : [RESET_MAIL.vi, RESET_MAIL[lang]];
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: keyof typeof p) => String(p[k]));
  return {
    subject: parts.map((x) => x.subject).join(' / '),
    text: parts.map((x) => fill(x.body)).join('\n\n————\n\n'),
  };
}

/**
 * Sends "forgot password" links through the platform's SMTP server (SMTP_URL, as notifications do). Without one
 * no link can be sent: the request is still answered the same, and the log says why nothing went out.
 */
@Injectable()
export class PasswordResetMailer implements BeforeApplicationShutdown {
  private readonly logger = new Logger('PasswordResetMailer');
  private readonly transport: Transporter | null;
  private readonly from: string;

  constructor(@Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    const smtp = config.notifications.smtp;
    this.transport = smtp ? smtpTransport(smtp.url, config.notifications.requestTimeoutMs) : null;
    this.from = smtp?.from ?? '';
  }

  async send(to: string, lang: Language, p: { minutes: number; link: string }): Promise<void> {
    if (!this.transport) {
      this.logger.warn('A password reset was asked for, but SMTP_URL is not set: no e-mail can be sent');
      return;
    }
    const mail = resetMail(lang, { email: to, ...p });
    await this.transport.sendMail({
      from: this.from,
      to,
      subject: mail.subject,
      text: mail.text,
      headers: { 'Content-Language': lang === 'vi' ? 'vi' : `vi, ${lang}` },
    });
  }

  /** After the mails under way are sent (PasswordResetService waits for them as the module goes down). */
  beforeApplicationShutdown(): void {
    this.transport?.close();
  }
}
