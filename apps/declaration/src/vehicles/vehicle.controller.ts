import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '#libs/auth/src/index.js';
import { DeclarationService } from '../declarations/declaration.service.js';
import { PlateQuery } from '../declarations/dto/declaration-input.dto.js';
import type { VehicleSearchResult } from '../declarations/dto/declaration-view.dto.js';

@ApiTags('vehicles')
@ApiBearerAuth()
@Controller('vehicles')
export class VehicleController {
  constructor(private readonly declarations: DeclarationService) {}

  @Get()
  @ApiOperation({ summary: 'Tìm phương tiện theo biển số, viết kiểu nào cũng được (12c 12345, 12C-123.45…)' })
  byPlate(@CurrentUser() user: AuthUser, @Query() q: PlateQuery): Promise<VehicleSearchResult[]> {
    return this.declarations.vehiclesByPlate(user, q.plate);
  }
}
