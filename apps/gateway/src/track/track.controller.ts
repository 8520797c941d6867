import { Controller, Get, Header, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '#libs/auth/src/index.js';
import type { PublicTrackView } from '#libs/events/src/index.js';
import { TrackFeed } from './track-feed.js';
import { TrackService } from './track.service.js';

/**
 * The public tracking page's data (`/t/<slip code>`): no login, the slip's signed code is the key. A forged or
 * malformed code gets the same 404 as an unknown one. Both reads count against the same per-address limit.
 */
@ApiTags('public')
@Controller('public/track')
@Public()
export class TrackController {
  constructor(
    private readonly track: TrackService,
    private readonly feed: TrackFeed,
  ) {}

  @Get(':code')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary:
      'Theo dõi một xe theo mã trên phiếu khung giờ: trạng thái, vị trí, khung giờ, thời gian dự kiến, hạn đến cổng — chỉ biển số, không có dữ liệu cá nhân',
  })
  async view(
    @Param('code') code: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PublicTrackView> {
    await this.track.limit(req.ip, reply);
    return this.track.view(this.track.vehicleOf(code));
  }

  /** Server-sent events: a `data:` line with the view on every change, a `ping` event every 15 s (not JSON: left out of the OpenAPI document). */
  @Get(':code/events')
  @ApiExcludeEndpoint()
  async events(@Param('code') code: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.track.limit(req.ip, reply);
    const vehicleId = this.track.vehicleOf(code);
    const view = await this.track.view(vehicleId);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // nginx and other proxies must pass each event on at once.
      'x-accel-buffering': 'no',
    });
    const stop = this.feed.follow(
      view,
      vehicleId,
      (text) => raw.write(text),
      // At shutdown: the connection itself goes, so the server's close does not wait for the page to leave.
      () => raw.destroy(),
    );
    raw.on('close', stop);
  }
}
