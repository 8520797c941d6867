import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, RequirePermission } from '#libs/auth/src/index.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import type { UserView } from './dto/user-view.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @RequirePermission('user.manage')
  @ApiOperation({ summary: 'Quản trị tạo tài khoản cán bộ (role, gates[])' })
  create(@Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.createOfficer(dto);
  }

  @Get()
  @RequirePermission('user.manage')
  @ApiOperation({ summary: 'Danh sách cán bộ' })
  list(): Promise<UserView[]> {
    return this.users.listOfficers();
  }

  @Get('me')
  me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return this.users.me(user);
  }
}
