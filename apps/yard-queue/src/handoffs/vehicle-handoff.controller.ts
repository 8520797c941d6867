import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '#libs/auth/src/index.js';
import { InternalTokenGuard, VEHICLE_HANDOFF_PATH, type VehicleHandoffDecision } from '#libs/events/src/index.js';
import { VehicleHandoffRequestDto } from './vehicle-handoff.dto.js';
import { VehicleHandoffService } from './vehicle-handoff.service.js';

/** The declaration service asks here before it acknowledges a firm's change to a vehicle the yard owns. */
@ApiExcludeController()
@Controller(VEHICLE_HANDOFF_PATH.replace(/^\/api\//, ''))
@Public()
@UseGuards(InternalTokenGuard)
export class VehicleHandoffController {
  constructor(private readonly handoffs: VehicleHandoffService) {}

  @Post()
  @HttpCode(200)
  decide(@Body() dto: VehicleHandoffRequestDto): Promise<VehicleHandoffDecision> {
    return this.handoffs.decide(dto);
  }
}
