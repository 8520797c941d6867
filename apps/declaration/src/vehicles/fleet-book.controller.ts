import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, RequirePermission } from '#libs/auth/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { FleetBookDriverParams, FleetBookVehicleParams, FleetBookView } from './fleet-book.dto.js';
import { FleetBookRepository } from './fleet-book.repository.js';

const firmOf = (user: AuthUser): string => {
  if (!user.firmId) throw AppError.forbidden('noFirm');
  return user.firmId;
};

@ApiTags('fleet')
@ApiBearerAuth()
@Controller('fleet-book')
export class FleetBookController {
  constructor(private readonly repo: FleetBookRepository) {}

  @Get()
  @RequirePermission('fleet.book')
  @ApiOperation({ summary: 'Sổ xe và lái xe của doanh nghiệp (tự ghi khi nộp tờ khai), mới nhất trước' })
  book(@CurrentUser() user: AuthUser): Promise<FleetBookView> {
    return this.repo.book(firmOf(user));
  }

  @Delete('vehicles/:plateKey')
  @HttpCode(204)
  @RequirePermission('fleet.book')
  @ApiOperation({ summary: 'Xóa một xe khỏi sổ (không ảnh hưởng các tờ khai đã nộp)' })
  async removeVehicle(@CurrentUser() user: AuthUser, @Param() p: FleetBookVehicleParams): Promise<void> {
    if (!(await this.repo.removeVehicle(firmOf(user), p.plateKey))) throw AppError.notFound('fleetBookVehicleNotFound');
  }

  @Delete('drivers/:type/:number')
  @HttpCode(204)
  @RequirePermission('fleet.book')
  @ApiOperation({ summary: 'Xóa một lái xe khỏi sổ (không ảnh hưởng các tờ khai đã nộp)' })
  async removeDriver(@CurrentUser() user: AuthUser, @Param() p: FleetBookDriverParams): Promise<void> {
    if (!(await this.repo.removeDriver(firmOf(user), p.type, p.number)))
      throw AppError.notFound('fleetBookDriverNotFound');
  }
}
