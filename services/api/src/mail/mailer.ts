import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<{ id: string; file?: string }>;
}

/**
 * SMTP through nodemailer when `SMTP_URL` is set; otherwise each message is written as an .eml
 * file under the outbox folder (`./data/outbox`), so a laptop install needs no mail server.
 */
export const createMailer = (options: { smtpUrl: string | null; from: string; outboxDir: string }): Mailer => {
  if (options.smtpUrl) {
    const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
    return {
      send: async (mail) => {
        const info = await transport.sendMail({ from: options.from, ...mail });
        return { id: info.messageId };
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    send: async (mail) => {
      const info = await transport.sendMail({ from: options.from, ...mail });
      mkdirSync(options.outboxDir, { recursive: true });
      const id = info.messageId.replace(/[<>]/g, '');
      const file = join(options.outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${id.replace(/[^A-Za-z0-9.-]/g, '_')}.eml`);
      writeFileSync(file, info.message as Buffer);
      return { id, file };
    },
  };
};
