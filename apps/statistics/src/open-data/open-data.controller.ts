import { createHash } from 'node:crypto';
import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '#libs/auth/src/index.js';
import { OpenDataCurrent, OpenDataHistory, OpenDataHistoryQuery, OpenDataQuery } from './dto/open-data.dto.js';
import { currentCsv, historyCsv, OPEN_DATA_LICENCE, OpenDataService } from './open-data.service.js';

/**
 * Sends a payload as JSON or CSV with its licence, caching headers and an ETag of the bytes: a client that
 * already has them gets 304 and no body.
 */
function send(
  reply: FastifyReply,
  ifNoneMatch: string | undefined,
  o: { json: unknown; csv: () => string; format: 'json' | 'csv'; maxAge: number; name: string },
): string | undefined {
  const body = o.format === 'csv' ? o.csv() : JSON.stringify(o.json);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  reply
    .header('cache-control', `public, max-age=${o.maxAge}`)
    .header('etag', etag)
    .header('link', `<${OPEN_DATA_LICENCE.url}>; rel="license"`)
    .header('x-license', OPEN_DATA_LICENCE.name)
    .header('access-control-allow-origin', '*');
  if (ifNoneMatch && ifNoneMatch.split(/,\s*/).some((t) => t.replace(/^W\//, '') === etag)) {
    reply.code(304);
    return undefined;
  }
  if (o.format === 'csv')
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `inline; filename="${o.name}.csv"`);
  else reply.header('content-type', 'application/json; charset=utf-8');
  return body;
}

@ApiTags('open-data')
@Controller('public/open-data')
@Public()
export class OpenDataController {
  constructor(private readonly data: OpenDataService) {}

  @Get('current')
  @ApiOperation({
    summary:
      'Dữ liệu mở (CC BY 4.0): số xe đang chờ và thời gian chờ lâu nhất theo cửa khẩu và chiều, lượt vào bãi và qua cửa khẩu trong giờ này. JSON, hoặc CSV với ?format=csv',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: OpenDataCurrent, description: 'Giấy phép CC BY 4.0 (cũng trong tiêu đề Link)' })
  @ApiHeader({ name: 'If-None-Match', required: false })
  async current(
    @Query() q: OpenDataQuery,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    const json = await this.data.current();
    return send(reply, ifNoneMatch, {
      json,
      csv: () => currentCsv(json),
      format: q.format ?? 'json',
      maxAge: 30,
      name: 'open-data-current',
    });
  }

  @Get('history')
  @ApiOperation({
    summary:
      'Dữ liệu mở (CC BY 4.0): theo giờ, cửa khẩu và chiều — lượt vào bãi, qua cửa khẩu, hàng chờ dài nhất, thời gian chờ lâu nhất và trung bình. Mặc định 7 ngày gần nhất, tối đa 93 ngày',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: OpenDataHistory, description: 'Giấy phép CC BY 4.0 (cũng trong tiêu đề Link)' })
  @ApiHeader({ name: 'If-None-Match', required: false })
  async history(
    @Query() q: OpenDataHistoryQuery,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    const json = await this.data.history(q);
    return send(reply, ifNoneMatch, {
      json,
      csv: () => historyCsv(json),
      format: q.format ?? 'json',
      maxAge: 300,
      name: 'open-data-history',
    });
  }
}
