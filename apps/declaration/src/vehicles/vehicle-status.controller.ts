import { Controller, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '#libs/auth/src/index.js';
import { InternalTokenGuard, VEHICLE_STATUS_PREFIX, type VehicleStatusRecord } from '#libs/events/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { DeclarationRepository } from '../declarations/declaration.repository.js';

/**
 * A vehicle's plate and state, for the gateway's public tracking page when the vehicle is not in a yard
 * queue (accepted and not yet checked in, or gone from the queue). Services only (internal token).
 */
@ApiExcludeController()
@Controller(VEHICLE_STATUS_PREFIX.replace(/^\/api\//, ''))
@Public()
@UseGuards(InternalTokenGuard)
export class VehicleStatusController {
  constructor(private readonly repo: DeclarationRepository) {}

  @Get(':id/status')
  async status(@Param('id', ParseUUIDPipe) id: string): Promise<VehicleStatusRecord> {
    const v = await this.repo.vehicleStatus(id);
    if (!v) throw AppError.notFound('vehicleNotFound');
    return v;
  }
}
