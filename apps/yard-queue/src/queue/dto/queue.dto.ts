import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { AGENCIES, type Agency, type Direction, DIRECTIONS } from '#libs/domain/src/index.js';
import { IsGateCode } from '#libs/validation/src/index.js';

export class CheckInDto {
  @ApiProperty({ example: 'HUU_NGHI' }) @IsGateCode() gate: string;
  @ApiPropertyOptional({ example: '12C-123.45', description: 'Any spelling of the tractor plate' })
  @IsOptional()
  @IsString()
  @Length(1, 30)
  plate?: string;
  @ApiPropertyOptional({ description: 'The code of the QR printed on the slot slip' })
  @IsOptional()
  @IsString()
  @Length(10, 200)
  qr?: string;
}

export class NoteDto {
  @ApiPropertyOptional({ example: 'Lái xe báo hỏng xe' }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export class ConfirmDto extends NoteDto {
  @ApiProperty({ enum: AGENCIES })
  @IsIn(AGENCIES)
  agency: Agency;
}

export class CallNextDto {
  @ApiProperty({ enum: DIRECTIONS }) @IsIn(DIRECTIONS) direction: Direction;
}
