import { Body, Controller, HttpCode, Inject, Post, type Type, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Public } from '#libs/auth/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import type { AnyEventEnvelope } from './contracts.js';
import { EventBatchDto } from './internal-events.dto.js';
import { InternalTokenGuard } from './internal-token.guard.js';

/**
 * Validates a delivered batch as a tolerant reader: fields this build does not know are dropped, not
 * refused, so a producer upgraded first (new envelope fields) cannot block an older consumer's relay.
 */
async function readBatch(raw: unknown): Promise<AnyEventEnvelope[]> {
  const batch = plainToInstance(EventBatchDto, raw);
  const errors = await validate(batch, { whitelist: true, forbidNonWhitelisted: false });
  if (errors.length) {
    const fields = errors.map((e) => e.property);
    throw new AppError(
      'VALIDATION_FAILED',
      'eventBatchInvalid',
      { fields: fields.join(', ') },
      fields.map((field) => ({ field, message: { key: 'fieldInvalid' } })),
    );
  }
  return batch.events as unknown as AnyEventEnvelope[];
}

export interface EventConsumer {
  handle(events: AnyEventEnvelope[]): Promise<void>;
}

/** Path where a service receives relayed events; one per service so several can share a process. */
export function internalEventsPath(service: string): string {
  return `/api/internal/${service}/events`;
}

/**
 * The endpoint other services' relays deliver to (service-to-service, internal token), bound to the
 * given consumer. Answers 204 only after the whole batch was applied, so a failure means redelivery.
 */
export function internalEventsController(service: string, consumer: Type<EventConsumer>): Type<unknown> {
  @ApiExcludeController()
  @Controller(internalEventsPath(service).replace(/^\/api\//, ''))
  @Public()
  @UseGuards(InternalTokenGuard)
  class InternalEventsController {
    constructor(@Inject(consumer) private readonly handler: EventConsumer) {}

    @Post()
    @HttpCode(204)
    async receive(@Body() raw: Record<string, unknown>): Promise<void> {
      await this.handler.handle(await readBatch(raw));
    }
  }
  Object.defineProperty(InternalEventsController, 'name', {
    value: `${service.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}InternalEventsController`,
  });
  return InternalEventsController;
}
