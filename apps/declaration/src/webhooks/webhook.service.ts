import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '#libs/auth/src/index.js';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { webhookUrlProblem } from '#libs/domain/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import type {
  CreatedWebhookView,
  CreateWebhookDto,
  DeliveriesQuery,
  ReplayResult,
  WebhookDeliveryPage,
  WebhookView,
} from './dto/webhook.dto.js';
import type { WebhookSubscription } from './entities/webhook.entities.js';
import { WebhookRepository } from './webhook.repository.js';

/** Subscriptions a firm may hold at once: enough for an ERP, a TMS and a test receiver. */
const MAX_SUBSCRIPTIONS = 10;

const view = (s: WebhookSubscription): WebhookView => ({
  id: s.id,
  url: s.url,
  eventTypes: s.eventTypes,
  createdAt: s.createdAt.toISOString(),
});

/** The firm the caller acts for (firms and the customs agents registered as firms). */
function firmOf(user: AuthUser): string {
  if (!user.firmId) throw AppError.forbidden('noFirm');
  return user.firmId;
}

@Injectable()
export class WebhookService {
  constructor(
    private readonly repo: WebhookRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(user: AuthUser, dto: CreateWebhookDto): Promise<CreatedWebhookView> {
    const firmId = firmOf(user);
    const problem = webhookUrlProblem(dto.url);
    if (problem) throw AppError.refusedField('url', problem);
    if ((await this.repo.subscriptions(firmId)).length >= MAX_SUBSCRIPTIONS)
      throw new AppError('CONFLICT', 'maxWebhooks', { n: MAX_SUBSCRIPTIONS });
    // Standard Webhooks: `whsec_` and the base64 of the key (24 random bytes).
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const s = {
      id: randomUUID(),
      firmId,
      url: dto.url,
      eventTypes: dto.eventTypes,
      secret,
      createdBy: user.id,
      createdAt: this.clock.now(),
    };
    await this.repo.insertSubscription(s);
    return { ...view({ ...s, deletedAt: null }), secret };
  }

  async list(user: AuthUser): Promise<WebhookView[]> {
    return (await this.repo.subscriptions(firmOf(user))).map(view);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    if (!(await this.repo.deleteSubscription(firmOf(user), id))) throw AppError.notFound('webhookNotFound');
  }

  async replay(user: AuthUser, id: string, from: number): Promise<ReplayResult> {
    return { queued: await this.repo.replay(await this.own(user, id), from) };
  }

  async deliveries(user: AuthUser, id: string, q: DeliveriesQuery): Promise<WebhookDeliveryPage> {
    const s = await this.own(user, id);
    const limit = q.limit ?? 50;
    const items = await this.repo.deliveries(s.id, q.before ?? null, limit);
    return { items, nextBefore: items.length === limit ? items[items.length - 1].id : null };
  }

  private async own(user: AuthUser, id: string): Promise<WebhookSubscription> {
    const s = await this.repo.subscription(firmOf(user), id);
    if (!s) throw AppError.notFound('webhookNotFound');
    return s;
  }
}
