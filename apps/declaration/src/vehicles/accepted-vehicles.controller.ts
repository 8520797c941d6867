import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { Public } from '#libs/auth/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { ACCEPTED_VEHICLES_PATH, InternalTokenGuard, type VehicleSnapshot } from '#libs/events/src/index.js';
import { DeclarationService } from '../declarations/declaration.service.js';

export class AcceptedVehiclesQuery {
  /** A normalised plate key (letters and digits, as the yard matches plates). */
  @IsOptional() @Length(1, 20) @Matches(/^[0-9A-Z\p{Script=Han}]+$/u) plateKey?: string;
  @IsOptional() @IsUUID() vehicleId?: string;
}

/** The yard asks here for an acceptance still on its way (service-to-service, internal token). */
@ApiExcludeController()
@Controller(ACCEPTED_VEHICLES_PATH.replace(/^\/api\//, ''))
@Public()
@UseGuards(InternalTokenGuard)
export class AcceptedVehiclesController {
  constructor(private readonly declarations: DeclarationService) {}

  @Get()
  find(@Query() q: AcceptedVehiclesQuery): Promise<VehicleSnapshot[]> {
    if (!q.plateKey === !q.vehicleId) throw AppError.invalid('plateKey', 'Cần đúng một trong plateKey, vehicleId');
    return this.declarations.acceptedSnapshots(q.plateKey ? { plateKey: q.plateKey } : { vehicleId: q.vehicleId! });
  }
}
