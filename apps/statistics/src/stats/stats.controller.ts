import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '#libs/auth/src/index.js';
import { CountsQuery, CountsView, QueueView, ResponsesView, SegmentsView, StatsQuery } from './dto/stats.dto.js';
import { StatsService } from './stats.service.js';

@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('counts')
  @RequirePermission('stats.view')
  @ApiOperation({
    summary:
      'Lãnh đạo, quản trị: số xe khai báo, được chấp nhận, vào bãi, được gọi, tới cổng, qua cửa khẩu, quay đầu, không đến, bị giữ… theo giờ hoặc ngày, cửa khẩu và chiều',
  })
  counts(@Query() q: CountsQuery): Promise<CountsView> {
    return this.stats.counts(q);
  }

  @Get('segments')
  @RequirePermission('stats.view')
  @ApiOperation({
    summary:
      'Lãnh đạo, quản trị: thời gian từng chặng (khai báo → chấp nhận, vào bãi → được gọi, được gọi → tới cổng, tới cổng → xác nhận hải quan, → xác nhận biên phòng, → qua cửa khẩu), p50/p90/p99 tính bằng giây',
  })
  segments(@Query() q: StatsQuery): Promise<SegmentsView> {
    return this.stats.segments(q);
  }

  @Get('responses')
  @RequirePermission('stats.view')
  @ApiOperation({
    summary:
      'Lãnh đạo, quản trị: thời gian phản hồi theo cơ quan và theo cán bộ (được gọi → xác nhận, bị giữ → cho đi tiếp), phân bố bằng giây',
  })
  responses(@Query() q: StatsQuery): Promise<ResponsesView> {
    return this.stats.responses(q);
  }

  @Get('queue')
  @RequirePermission('stats.view')
  @ApiOperation({ summary: 'Lãnh đạo, quản trị: độ dài hàng chờ lớn nhất và thời gian chờ lâu nhất theo từng giờ' })
  queue(@Query() q: StatsQuery): Promise<QueueView> {
    return this.stats.queue(q);
  }
}
