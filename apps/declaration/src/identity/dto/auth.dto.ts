import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { IsPhone, IsTaxCode } from '#libs/validation/src/index.js';

export class RegisterFirmDto {
  @ApiProperty({ example: 'Công ty TNHH Nông sản Lạng Sơn' })
  @IsString()
  @Length(2, 200)
  firmName: string;

  @ApiProperty({ example: '0100109106', description: 'Mã số thuế: 10 số hoặc dạng chi nhánh 0101234567-001' })
  @IsTaxCode()
  taxCode: string;

  @ApiProperty({ example: 'dieuphoi@nongsan.vn' })
  @IsEmail({}, { message: 'emailInvalid' })
  @MaxLength(200)
  email: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @MinLength(8, { message: 'passwordTooShort' })
  @MaxLength(200)
  password: string;

  @ApiProperty({ example: '0912345678' })
  @IsPhone()
  phone: string;

  @ApiPropertyOptional({ example: 'Nguyễn Văn An' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fullName?: string;
}

export class LoginDto {
  @ApiProperty() @IsString() @MaxLength(200) email: string;
  @ApiProperty() @IsString() @MaxLength(200) password: string;
}

export class RefreshDto {
  @ApiProperty() @IsString() @Length(20, 200) refreshToken: string;
}

export class LogoutDto {
  /** The refresh token of the session being ended. */
  @ApiProperty() @IsString() @Length(20, 200) refreshToken: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MaxLength(200) currentPassword: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @MinLength(8, { message: 'passwordTooShort' })
  @MaxLength(200)
  newPassword: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'dieuphoi@nongsan.vn' }) @IsString() @MaxLength(200) email: string;
}

/** The same answer for every address, whether or not it has an account. */
export class PasswordResetRequested {
  /** How long the e-mailed link works. */
  @ApiProperty() expiresInMinutes: number;
}

export class PasswordResetDto {
  /** The secret of the e-mailed link. */
  @ApiProperty() @IsString() @Length(20, 200) token: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @MinLength(8, { message: 'passwordTooShort' })
  @MaxLength(200)
  newPassword: string;
}
