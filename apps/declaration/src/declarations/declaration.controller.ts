import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Actor, type AuthUser, CurrentActor, CurrentUser, RequirePermission } from '#libs/auth/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import { DeclarationService } from './declaration.service.js';
import type {
  AuditEntryView,
  DeclarationPage,
  DeclarationVersionView,
  DeclarationView,
} from './dto/declaration-view.dto.js';
import {
  AmendDeclarationDto,
  CorrectionRequestDto,
  CreateDeclarationDto,
  ListDeclarationsQuery,
  OptionalReasonDto,
  ReasonDto,
} from './dto/declaration-input.dto.js';

const IDEMPOTENCY_KEY = /^[\w.:-]{8,128}$/;

@ApiTags('declarations')
@ApiBearerAuth()
@Controller('declarations')
export class DeclarationController {
  constructor(private readonly declarations: DeclarationService) {}

  @Post()
  @RequirePermission('declaration.create')
  @ApiOperation({ summary: 'Tạo tờ khai (nháp). Gửi lại cùng Idempotency-Key trả về đúng kết quả lần đầu.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async create(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateDeclarationDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeclarationView> {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key))
      throw AppError.invalid('Idempotency-Key', 'idempotencyKeyFormat');
    const { status, body } = await this.declarations.create(user, dto, key, actor);
    void reply.status(status);
    return body;
  }

  @Get()
  @ApiOperation({ summary: 'Danh sách tờ khai: doanh nghiệp thấy của mình, cán bộ thấy của cửa khẩu được phân công' })
  list(@CurrentUser() user: AuthUser, @Query() q: ListDeclarationsQuery): Promise<DeclarationPage> {
    return this.declarations.list(user, q);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<DeclarationView> {
    return this.declarations.get(user, id);
  }

  @Patch(':id')
  @RequirePermission('declaration.amend')
  @ApiOperation({ summary: 'Sửa tờ khai: tạo phiên bản mới (không ghi đè); bị khoá khi xe đã vào bãi' })
  amend(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AmendDeclarationDto,
  ): Promise<DeclarationView> {
    return this.declarations.amend(user, id, dto, actor);
  }

  @Get(':id/versions')
  versions(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<DeclarationVersionView[]> {
    return this.declarations.versions(user, id);
  }

  @Get(':id/audit')
  @ApiOperation({ summary: 'Nhật ký thao tác (chỉ ghi thêm)' })
  audit(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<AuditEntryView[]> {
    return this.declarations.auditLog(user, id);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @RequirePermission('declaration.submit')
  submit(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<DeclarationView> {
    return this.declarations.submit(user, id, actor);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('declaration.cancel')
  cancel(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: OptionalReasonDto,
  ): Promise<DeclarationView> {
    return this.declarations.cancel(user, id, dto.reason, actor);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @RequirePermission('declaration.accept')
  accept(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<DeclarationView> {
    return this.declarations.accept(user, id, actor);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @RequirePermission('declaration.reject')
  reject(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReasonDto,
  ): Promise<DeclarationView> {
    return this.declarations.reject(user, id, dto.reason, actor);
  }

  @Post(':id/correction-requests')
  @RequirePermission('declaration.request-correction')
  @ApiOperation({
    summary: 'Hải quan yêu cầu doanh nghiệp sửa dữ liệu; doanh nghiệp trả lời bằng PATCH kèm correctionRequestId',
  })
  requestCorrection(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CorrectionRequestDto,
  ): Promise<DeclarationView> {
    return this.declarations.requestCorrection(user, id, dto, actor);
  }

  @Post(':id/correction-requests/:requestId/approve')
  @HttpCode(200)
  @RequirePermission('declaration.approve-correction')
  approveCorrection(
    @CurrentUser() user: AuthUser,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('requestId', ParseUUIDPipe) requestId: string,
  ): Promise<DeclarationView> {
    return this.declarations.approveCorrection(user, id, requestId, actor);
  }
}
