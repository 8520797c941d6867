import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { Public } from '#libs/auth/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { VEHICLE_DECLARATIONS_PATH, InternalTokenGuard, type VehicleDeclarations } from '#libs/events/src/index.js';
import { DeclarationService } from '../declarations/declaration.service.js';

export class VehicleDeclarationsQuery {
  /** A normalised plate key (letters and digits, as the yard matches plates). */
  @IsOptional() @Length(1, 20) @Matches(/^[0-9A-Z\p{Script=Han}]+$/u) plateKey?: string;
  @IsOptional() @IsUUID() vehicleId?: string;
}

/** The yard asks here about a vehicle it does not hold (service-to-service, internal token). */
@ApiExcludeController()
@Controller(VEHICLE_DECLARATIONS_PATH.replace(/^\/api\//, ''))
@Public()
@UseGuards(InternalTokenGuard)
export class VehicleDeclarationsController {
  constructor(private readonly declarations: DeclarationService) {}

  @Get()
  find(@Query() q: VehicleDeclarationsQuery): Promise<VehicleDeclarations> {
    if (!q.plateKey === !q.vehicleId) throw AppError.invalid('plateKey', 'plateKeyOrVehicleId');
    return this.declarations.vehicleDeclarations(q.plateKey ? { plateKey: q.plateKey } : { vehicleId: q.vehicleId! });
  }
}
