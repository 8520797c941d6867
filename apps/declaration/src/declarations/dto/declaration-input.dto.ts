import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  IsContainerNumber,
  IsCustomsDeclarationNumber,
  IsDriverDocumentNumber,
  IsGateCode,
  IsHsCode,
  IsInstant,
  IsPhone,
  IsPlate,
  IsSealNumber,
} from '#libs/validation/src/index.js';
import {
  type DeclarationStatus,
  DECLARATION_STATUSES,
  type Direction,
  DIRECTIONS,
  DRIVER_DOCUMENT_TYPES,
  type DriverDocumentType,
  FEE_CLASSES,
  type FeeClass,
  GOODS_CATEGORIES,
  type GoodsCategory,
  DEFAULT_LANGUAGE,
  type Language,
  LANGUAGES,
  NATIONALITIES,
  type Nationality,
} from '#libs/domain/src/index.js';

export class GoodsItemDto {
  @ApiProperty({ example: 'Thanh long ruột đỏ' }) @IsString() @Length(1, 500) description: string;
  @ApiProperty({ example: '081090' }) @IsHsCode() hsCode: string;
  @ApiProperty({ example: 18000 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(200000)
  grossWeightKg: number;
  @ApiProperty({ example: 450000000 }) @IsInt() @Min(0) @Max(1e15) valueVnd: number;
}

export class GoodsGroupDto {
  @ApiProperty({ example: '105123456789', description: 'Số tờ khai hải quan (12 số)' })
  @IsCustomsDeclarationNumber()
  customsDeclarationNumber: string;

  @ApiProperty({ enum: GOODS_CATEGORIES })
  @IsIn(GOODS_CATEGORIES)
  category: GoodsCategory;

  @ApiProperty({ type: [GoodsItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => GoodsItemDto)
  items: GoodsItemDto[];
}

export class DriverDocumentDto {
  @ApiProperty({ enum: DRIVER_DOCUMENT_TYPES })
  @IsIn(DRIVER_DOCUMENT_TYPES)
  type: DriverDocumentType;
  @ApiProperty({ example: '020123456789' }) @IsString() @IsDriverDocumentNumber('type') number: string;
}

export class DriverDto {
  @ApiProperty({ example: 'Hoàng Văn Bình' }) @IsString() @Length(2, 200) name: string;
  @ApiProperty({ type: DriverDocumentDto })
  @IsObject()
  @ValidateNested()
  @Type(() => DriverDocumentDto)
  document: DriverDocumentDto;
  @ApiProperty({ example: '0912345678' }) @IsPhone() phone: string;
}

export class VehicleDto {
  @ApiPropertyOptional({ description: 'Id of an existing vehicle when amending; omit for a new vehicle' })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ example: '12C-123.45' }) @IsPlate({ kind: 'TRACTOR' }) plate: string;
  @ApiPropertyOptional({ example: '12R-012.34' }) @IsOptional() @IsPlate({ kind: 'TRAILER' }) trailerPlate?: string;
  @ApiProperty({ enum: NATIONALITIES })
  @IsIn(NATIONALITIES)
  nationality: Nationality;
  @ApiProperty({ enum: FEE_CLASSES })
  @IsIn(FEE_CLASSES)
  feeClass: FeeClass;
  @ApiPropertyOptional({ example: 'CSQU3054383' }) @IsOptional() @IsContainerNumber() containerNumber?: string;
  @ApiPropertyOptional({ example: 'VN1234567' }) @IsOptional() @IsSealNumber() sealNumber?: string;
  @ApiProperty({ type: DriverDto }) @IsObject() @ValidateNested() @Type(() => DriverDto) driver: DriverDto;
  @ApiPropertyOptional({
    enum: LANGUAGES,
    default: DEFAULT_LANGUAGE,
    description: 'Ngôn ngữ của lái xe (tin nhắn gửi lái xe)',
  })
  @IsOptional()
  @IsIn(LANGUAGES)
  driverLanguage?: Language;
}

/** The content of a declaration: what a firm files and amends. */
export class DeclarationContentDto {
  @ApiProperty({ example: '2026-11-24T08:30:00+07:00' })
  @IsInstant()
  expectedArrival: string;

  /** A waiting yard of the gate's list (`GET /api/gates`: `yards`), by its code or any of its names; stored by its code. */
  @ApiProperty({ example: 'TAN_THANH_CHO' })
  @IsString()
  @Length(2, 200)
  yard: string;

  @ApiProperty({ type: [GoodsGroupDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'goodsRequired' })
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => GoodsGroupDto)
  goods: GoodsGroupDto[];

  @ApiProperty({ type: [VehicleDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'vehiclesRequired' })
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => VehicleDto)
  vehicles: VehicleDto[];
}

export class CreateDeclarationDto extends DeclarationContentDto {
  @ApiProperty({ example: 'HUU_NGHI' }) @IsGateCode() gate: string;
  @ApiProperty({ enum: DIRECTIONS })
  @IsIn(DIRECTIONS)
  direction: Direction;
}

export class AmendDeclarationDto extends DeclarationContentDto {
  @ApiPropertyOptional({ description: 'The correction request this amendment answers' })
  @IsOptional()
  @IsUUID()
  correctionRequestId?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'Thiếu số tờ khai hải quan của lô hàng thứ hai' })
  @IsString()
  @Length(3, 1000)
  reason: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(3, 1000) reason?: string;
}

export class CorrectionRequestDto {
  @ApiProperty({ example: 'Số container không khớp với vận đơn' }) @IsString() @Length(3, 1000) message: string;
  @ApiPropertyOptional({ example: ['vehicles[0].containerNumber'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  fields?: string[];
}

export class ListDeclarationsQuery {
  @ApiPropertyOptional({ enum: DECLARATION_STATUSES })
  @IsOptional()
  @IsIn(DECLARATION_STATUSES)
  status?: DeclarationStatus;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Z][A-Z0-9_]{1,31}$/) gate?: string;
  @ApiPropertyOptional({ enum: DIRECTIONS })
  @IsOptional()
  @IsIn(DIRECTIONS)
  direction?: Direction;
  @ApiPropertyOptional({ description: 'Any spelling of a plate' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  plate?: string;
  @ApiPropertyOptional({ description: 'The declaration number (TK2026-00000123), any case and spacing' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  number?: string;
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class PlateQuery {
  @ApiProperty({ example: '12c 12345' }) @IsString() @Length(1, 30) plate: string;
}
