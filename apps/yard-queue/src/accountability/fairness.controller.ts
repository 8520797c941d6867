import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '#libs/auth/src/index.js';
import { requestLanguage } from '#libs/http/src/index.js';
import { IsGateCodePipe } from '../gates/gate-code.pipe.js';
import type { FairnessLedgerView } from './fairness.dto.js';
import { FairnessService } from './fairness.service.js';

@ApiTags('queue')
@Controller('public/fairness')
export class FairnessController {
  constructor(private readonly fairness: FairnessService) {}

  @Get(':gate')
  @Public()
  @ApiOperation({
    summary:
      'Sổ công bằng công khai: xe trong hàng chờ (biển số, giờ vào bãi, vị trí), lý do của mỗi lần thay đổi thứ tự trong 24 giờ, tỷ lệ vắng mặt và hủy của từng doanh nghiệp trong 30 ngày — không có dữ liệu cá nhân',
  })
  ledger(
    @Param('gate', IsGateCodePipe) gate: string,
    @Req() req: Parameters<typeof requestLanguage>[0],
  ): Promise<FairnessLedgerView> {
    return this.fairness.ledger(gate, requestLanguage(req));
  }
}
