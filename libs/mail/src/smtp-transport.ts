import nodemailer, { type Transporter } from 'nodemailer';

/**
 * The platform's SMTP connection from its `SMTP_URL` (`smtp://user:pass@host:port`, or `smtps://` for TLS from the
 * first byte): notifications and account e-mail go out through the same server with the same settings.
 */
export function smtpTransport(url: string, timeoutMs: number): Transporter {
  const u = new URL(url);
  return nodemailer.createTransport({
    host: u.hostname,
    port: Number(u.port) || (u.protocol === 'smtps:' ? 465 : 587),
    secure: u.protocol === 'smtps:',
    // A few connections kept open and reused: a new session (greeting, EHLO) per message would cost more than
    // the message, and a notification round sends dozens at once.
    pool: true,
    maxConnections: 5,
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
}
