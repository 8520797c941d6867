import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '#libs/auth/src/index.js';
import { type AnyEventEnvelope, EventBatchDto, InternalTokenGuard } from '#libs/events/src/index.js';
import { QueueEventsConsumer } from './queue-events.consumer.js';

/** Where other services' relays deliver events (service-to-service, internal token). */
@ApiExcludeController()
@Controller('internal/events')
@Public()
@UseGuards(InternalTokenGuard)
export class DeclarationInternalEventsController {
  constructor(private readonly consumer: QueueEventsConsumer) {}

  @Post()
  @HttpCode(204)
  async receive(@Body() batch: EventBatchDto): Promise<void> {
    await this.consumer.handle(batch.events as unknown as AnyEventEnvelope[]);
  }
}
