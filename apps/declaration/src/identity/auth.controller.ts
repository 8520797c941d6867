import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Public } from '#libs/auth/src/index.js';
import { requestLanguage } from '#libs/http/src/index.js';
import {
  ChangePasswordDto,
  LoginDto,
  LogoutDto,
  PasswordResetDto,
  PasswordResetRequestDto,
  PasswordResetRequested,
  RefreshDto,
  RegisterFirmDto,
} from './dto/auth.dto.js';
import { AuthService } from './auth.service.js';
import { LoginRateLimitGuard } from './login-rate-limit.guard.js';
import { PasswordResetRateLimitGuard } from './password-reset-rate-limit.guard.js';
import { PasswordResetService } from './password-reset.service.js';
import type { TokenPair } from './dto/user-view.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwordReset: PasswordResetService,
  ) {}

  @Post('register')
  @Public()
  @ApiOperation({ summary: 'Doanh nghiệp tự đăng ký (firm self-registration)' })
  register(@Body() dto: RegisterFirmDto): Promise<TokenPair> {
    return this.auth.registerFirm(dto);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiOperation({ summary: 'Đăng nhập → { accessToken, refreshToken, user }' })
  login(@Body() dto: LoginDto): Promise<TokenPair> {
    return this.auth.login(dto);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Đổi refresh token lấy cặp token mới (token cũ còn dùng được trong REFRESH_REUSE_GRACE giây, sau đó bị coi là bị đánh cắp)',
  })
  refresh(@Body() dto: RefreshDto): Promise<TokenPair> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Đăng xuất: thu hồi phiên này và mọi access token đã cấp cho tài khoản' })
  logout(@CurrentUser() user: AuthUser, @Body() dto: LogoutDto): Promise<void> {
    return this.auth.logout(user, dto.refreshToken);
  }

  @Post('password')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Đổi mật khẩu: mọi phiên cũ bị thu hồi, trả về cặp token mới cho phiên này' })
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<TokenPair> {
    return this.auth.changePassword(user, dto);
  }

  @Post('sessions/revoke')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Đăng xuất trên mọi thiết bị: mọi phiên của tài khoản kết thúc, kể cả phiên này' })
  revokeAllSessions(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.revokeAllSessions(user);
  }

  @Post('password-reset')
  @Public()
  @HttpCode(202)
  @UseGuards(PasswordResetRateLimitGuard)
  @ApiOperation({
    summary:
      'Quên mật khẩu: gửi đường dẫn đặt lại (dùng một lần, có hạn) tới email của tài khoản doanh nghiệp; trả lời như nhau dù email có tài khoản hay không',
  })
  requestPasswordReset(
    @Body() dto: PasswordResetRequestDto,
    @Req() req: Parameters<typeof requestLanguage>[0],
  ): PasswordResetRequested {
    return this.passwordReset.request(dto.email, requestLanguage(req));
  }

  @Post('password-reset/confirm')
  @Public()
  @HttpCode(204)
  @UseGuards(LoginRateLimitGuard)
  @ApiOperation({ summary: 'Đặt mật khẩu mới bằng đường dẫn đã gửi: mọi phiên cũ của tài khoản bị thu hồi' })
  resetPassword(@Body() dto: PasswordResetDto): Promise<void> {
    return this.passwordReset.reset(dto.token, dto.newPassword);
  }
}
