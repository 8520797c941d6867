import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '#libs/auth/src/index.js';
import { LoginDto, RefreshDto, RegisterFirmDto } from './dto/auth.dto.js';
import { AuthService } from './auth.service.js';
import { LoginRateLimitGuard } from './login-rate-limit.guard.js';
import type { TokenPair } from './dto/user-view.dto.js';

@ApiTags('auth')
@Controller('auth')
@Public()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @ApiOperation({ summary: 'Doanh nghiệp tự đăng ký (firm self-registration)' })
  register(@Body() dto: RegisterFirmDto): Promise<TokenPair> {
    return this.auth.registerFirm(dto);
  }

  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiOperation({ summary: 'Đăng nhập → { accessToken, refreshToken, user }' })
  login(@Body() dto: LoginDto): Promise<TokenPair> {
    return this.auth.login(dto);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Đổi refresh token lấy cặp token mới (token cũ bị thu hồi)' })
  refresh(@Body() dto: RefreshDto): Promise<TokenPair> {
    return this.auth.refresh(dto.refreshToken);
  }
}
