import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

export const OFFICER_ROLE_VALUES = ['CUSTOMS', 'BORDER_GUARD', 'YARD_OPERATOR', 'ADMIN'] as const;

export class CreateUserDto {
  @ApiProperty() @IsEmail({}, { message: 'Email không hợp lệ' }) @MaxLength(200) email: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @MinLength(8, { message: 'Mật khẩu phải có ít nhất 8 ký tự' })
  @MaxLength(200)
  password: string;

  @ApiProperty({ enum: OFFICER_ROLE_VALUES })
  @IsIn(OFFICER_ROLE_VALUES)
  role: (typeof OFFICER_ROLE_VALUES)[number];

  @ApiProperty({ example: ['HUU_NGHI'] })
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { each: true, message: 'Mã cửa khẩu không hợp lệ' })
  gates: string[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) fullName?: string;
}
