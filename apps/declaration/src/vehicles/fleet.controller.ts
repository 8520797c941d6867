import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, RequirePermission } from '#libs/auth/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { FleetPage, FleetQuery } from './fleet.dto.js';
import { FleetRepository } from './fleet.repository.js';

@ApiTags('fleet')
@ApiBearerAuth()
@Controller('fleet')
export class FleetController {
  constructor(private readonly repo: FleetRepository) {}

  @Get()
  @RequirePermission('fleet.view')
  @ApiOperation({
    summary: 'Mọi phương tiện của doanh nghiệp và trạng thái hiện tại trong một lần gọi (phân trang theo cursor)',
  })
  async fleet(@CurrentUser() user: AuthUser, @Query() q: FleetQuery): Promise<FleetPage> {
    if (!user.firmId) throw AppError.forbidden('noFirm');
    const limit = q.limit ?? 500;
    const items = await this.repo.fleet(user.firmId, q.cursor ?? null, limit);
    return { items, nextCursor: items.length === limit ? items[items.length - 1].vehicleId : null };
  }
}
