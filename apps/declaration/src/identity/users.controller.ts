import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, RequirePermission } from '#libs/auth/src/index.js';
import { CreateUserDto, UpdateUserDto } from './dto/create-user.dto.js';
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

  @Patch(':id')
  @RequirePermission('user.disable')
  @ApiOperation({ summary: 'Vô hiệu hóa / kích hoạt lại tài khoản ({ disabled }); vô hiệu hóa thu hồi mọi phiên ngay' })
  update(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserView> {
    return this.users.setDisabled(admin, id, dto.disabled);
  }

  @Get('me')
  me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return this.users.me(user);
  }
}
