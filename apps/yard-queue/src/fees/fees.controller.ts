import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Actor, type AuthUser, CurrentActor, CurrentUser, RequirePermission } from '#libs/auth/src/index.js';
import {
  DailyFeeReport,
  DailyReportQuery,
  FeeAccountView,
  FindFeeVehiclesQuery,
  RecordPaymentDto,
  RecordRefundDto,
} from './dto/fees.dto.js';
import { dailyReportCsv } from './fee-report.csv.js';
import { FeesService } from './fees.service.js';

@ApiTags('fees')
@ApiBearerAuth()
@Controller('fees')
export class FeesController {
  constructor(private readonly fees: FeesService) {}

  @Get('vehicles')
  @RequirePermission('fee.collect')
  @ApiOperation({ summary: 'Bãi xe: phí hạ tầng của xe theo biển số (viết kiểu nào cũng được) tại cửa khẩu' })
  find(@CurrentUser() user: AuthUser, @Query() q: FindFeeVehiclesQuery): Promise<FeeAccountView[]> {
    return this.fees.find(user, q.gate, q.plate);
  }

  @Get('vehicles/:vehicleId')
  @RequirePermission('fee.collect')
  @ApiOperation({ summary: 'Bãi xe: phí phải nộp, đã nộp và đã hoàn của một xe' })
  account(
    @CurrentUser() user: AuthUser,
    @Param('vehicleId', ParseUUIDPipe) vehicleId: string,
  ): Promise<FeeAccountView> {
    return this.fees.account(user, vehicleId);
  }

  @Post('vehicles/:vehicleId/payment')
  @RequirePermission('fee.collect')
  @ApiOperation({
    summary:
      'Bãi xe: ghi nhận xe đã nộp phí (tiền mặt hoặc chuyển khoản) với số biên lai; mỗi xe một lần, số biên lai không trùng tại cửa khẩu',
  })
  pay(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('vehicleId', ParseUUIDPipe) vehicleId: string,
    @Body() dto: RecordPaymentDto,
  ): Promise<FeeAccountView> {
    return this.fees.pay(user, vehicleId, dto, actor);
  }

  @Post('vehicles/:vehicleId/refunds')
  @RequirePermission('fee.collect')
  @ApiOperation({ summary: 'Bãi xe: hoàn (một phần) phí đã thu, có lý do; tổng hoàn không vượt số đã thu' })
  refund(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('vehicleId', ParseUUIDPipe) vehicleId: string,
    @Body() dto: RecordRefundDto,
  ): Promise<FeeAccountView> {
    return this.fees.refund(user, vehicleId, dto, actor);
  }

  @Get('reports/daily')
  @RequirePermission('fee.report')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: DailyFeeReport })
  @ApiOperation({
    summary:
      'Báo cáo phí hạ tầng trong ngày của một cửa khẩu theo hạng phương tiện: đã thu, đã hoàn, thực thu (JSON, hoặc CSV với format=csv)',
  })
  async daily(
    @CurrentUser() user: AuthUser,
    @Query() q: DailyReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DailyFeeReport | string> {
    const report = await this.fees.dailyReport(user, q.gate, q.date);
    if (q.format !== 'csv') return report;
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="phi-ha-tang-${report.gate}-${report.date}.csv"`);
    return dailyReportCsv(report);
  }
}
