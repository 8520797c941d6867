import { Body, Controller, Get, Headers, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '#libs/auth/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { rawBodyOf } from '#libs/http/src/client-json-body.js';
import { ReceiptsService } from './receipts.service.js';

/**
 * Where providers report delivery. Each report is authenticated before anything is recorded: eSMS's by the
 * signature our callback URL carries, Zalo's by its `X-ZEvent-Signature` over the raw body. A report that fails
 * the check is answered 401 and leaves no trace.
 */
@ApiExcludeController()
@Controller('notifications/receipts')
@Public()
export class ReceiptsController {
  constructor(private readonly receipts: ReceiptsService) {}

  /** eSMS calls back with HTTP GET: `?ref=<our id>&sig=<our signature>&SMSID=…&SendStatus=…&RequestId=…`. */
  @Get('esms')
  @HttpCode(200)
  async esms(@Query() q: Record<string, string | undefined>): Promise<{ ok: true }> {
    await this.receipts.esms(q);
    return { ok: true };
  }

  /** Zalo's webhook: `user_received_message` for a delivered ZNS (its `tracking_id` is our message id). */
  @Post('zalo')
  @HttpCode(200)
  async zalo(
    @Req() req: object,
    @Headers('x-zevent-signature') signature: string | undefined,
    @Body() body: unknown,
  ): Promise<{ ok: true }> {
    const raw = rawBodyOf(req);
    if (!raw) throw new AppError('VALIDATION_FAILED', 'jsonMissing');
    await this.receipts.zalo(raw.toString('utf8'), body, signature);
    return { ok: true };
  }
}
