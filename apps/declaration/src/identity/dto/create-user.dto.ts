import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ASSIGNABLE_ROLES } from '#libs/domain/src/index.js';

export class CreateUserDto {
  @ApiProperty() @IsEmail({}, { message: 'emailInvalid' }) @MaxLength(200) email: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @MinLength(8, { message: 'passwordTooShort' })
  @MaxLength(200)
  password: string;

  @ApiProperty({ enum: ASSIGNABLE_ROLES })
  @IsIn(ASSIGNABLE_ROLES)
  role: (typeof ASSIGNABLE_ROLES)[number];

  @ApiProperty({ example: ['HUU_NGHI'] })
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { each: true, message: 'gateCodesInvalid' })
  gates: string[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) fullName?: string;
}

export class UpdateUserDto {
  /** true: the account can no longer log in and every session of it ends at once; false: enabled again. */
  @ApiProperty() @IsBoolean() disabled: boolean;
}
