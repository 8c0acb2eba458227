import { IncomingWebhook } from '@slack/webhook';
import { createTransport } from 'nodemailer';

import { AppError } from '../../errors.ts';

/** Where notices go: a Slack incoming webhook and an SMTP server, each optional. */
export type NotifyConfig = {
    slackWebhookUrl?: string | undefined;
    smtpUrl?: string | undefined;
    mailFrom?: string | undefined;
    /** Finance's address, copied on every overdue e-mail. */
    financeEmail?: string | undefined;
};

/** A notice could not be delivered now; the job is retried with backoff. */
class NoticeFailedError extends AppError {
    constructor(channel: string, cause: unknown) {
        super('notice_failed', `the ${channel} notice could not be sent`, {
            cause,
            retryable: true
        });
    }
}

export type Notifiers = {
    readonly slack: boolean;
    readonly email: boolean;
    sendSlack(message: { text: string; blocks: unknown[] }): Promise<void>;
    sendEmail(mail: { to: string[]; subject: string; text: string }): Promise<void>;
};

export function createNotifiers(config: NotifyConfig): Notifiers {
    const webhook = config.slackWebhookUrl
        ? new IncomingWebhook(config.slackWebhookUrl, { timeout: 10_000 })
        : undefined;
    const transport = config.smtpUrl ? createTransport(config.smtpUrl) : undefined;
    return {
        slack: !!webhook,
        email: !!transport,
        async sendSlack(message) {
            if (!webhook) return;
            try {
                await webhook.send({ text: message.text, blocks: message.blocks as never });
            } catch (error) {
                throw new NoticeFailedError('Slack', error);
            }
        },
        async sendEmail(mail) {
            if (!transport) return;
            const to = [
                ...new Set([...mail.to, ...(config.financeEmail ? [config.financeEmail] : [])])
            ];
            if (to.length === 0) return;
            try {
                await transport.sendMail({
                    from: config.mailFrom ?? 'closebooks@localhost',
                    to,
                    subject: mail.subject,
                    text: mail.text
                });
            } catch (error) {
                throw new NoticeFailedError('e-mail', error);
            }
        }
    };
}
