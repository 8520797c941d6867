import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '#libs/auth/src/index.js';
import { InternalTokenGuard, QueueListing } from '#libs/events/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { IsGateCodePipe } from '../gates/gate-code.pipe.js';
import { QueueRepository } from './queue.repository.js';
import { QueueService } from './queue.service.js';

const ATTEMPTS = 5;

/**
 * A gate's whole queue at one version, for the live gateway's snapshots: the same listing as
 * GET /api/gates/:code/queue (positions, ETAs, congestion). The live gateway reads as a service (internal
 * token), not as a user, so no role is checked. Every change of a gate bumps its version in the
 * change's own transaction, so a listing whose version is still the gate's version once read was not
 * crossed by any change. A gate changing faster than it can be listed gets the last read: its entries are
 * then at least as new as its version, which the gateway's deltas (absolute values) put right.
 */
@ApiExcludeController()
@Controller('internal/yard-queue/gates')
@Public()
@UseGuards(InternalTokenGuard)
export class QueueSnapshotController {
  constructor(
    private readonly queue: QueueService,
    private readonly repo: QueueRepository,
  ) {}

  @Get(':code/queue-snapshot')
  async snapshot(@Param('code', IsGateCodePipe) code: string): Promise<QueueListing> {
    let listing = await this.queue.internalQueue(code);
    for (let i = 1; i < ATTEMPTS; i++) {
      const gate = await this.repo.gate(code);
      if (!gate) throw AppError.notFound('gateNotFound', { gate: code });
      if (gate.version === listing.version) break;
      listing = await this.queue.internalQueue(code);
    }
    return listing;
  }
}
