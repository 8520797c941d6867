import 'reflect-metadata';
import { IsIn, IsOptional, validate } from 'class-validator';
import type { Language } from '#libs/domain/src/index.js';
import { renderRefusal } from '#libs/errors/src/index.js';
import {
  constraintRefusal,
  IsContainerNumber,
  IsCustomsDeclarationNumber,
  IsDriverDocumentNumber,
  IsGateCode,
  IsHsCode,
  IsPhone,
  IsPlate,
  IsSealNumber,
  IsTaxCode,
} from './index.js';

class VehicleDto {
  @IsPlate({ kind: 'TRACTOR' }) plate: unknown;
  @IsOptional() @IsPlate({ kind: 'TRAILER' }) trailerPlate?: unknown;
  @IsOptional() @IsPlate() anyPlate?: unknown;
  @IsOptional() @IsContainerNumber() containerNumber?: unknown;
  @IsOptional() @IsSealNumber() sealNumber?: unknown;
  @IsOptional() @IsPhone() phone?: unknown;
  @IsOptional() @IsIn(['CCCD', 'PASSPORT', 'BORDER_PASS']) documentType?: unknown;
  @IsOptional() @IsDriverDocumentNumber('documentType') documentNumber?: unknown;
}

class FirmDto {
  @IsTaxCode() taxCode: unknown;
  @IsOptional() @IsGateCode() gate?: unknown;
}

class GoodsDto {
  @IsCustomsDeclarationNumber() customsDeclarationNumber: unknown;
  @IsHsCode({ each: true }) hsCodes: unknown;
}

/** Each property's constraint messages, a domain refusal said in `lang` (class-validator's own kept as they are). */
async function errorsOf<T extends object>(Dto: new () => T, body: Record<string, unknown>, lang: Language = 'vi') {
  const dto = Object.assign(new Dto(), body);
  const errors = await validate(dto);
  const said = (m: string) => {
    const r = constraintRefusal(m);
    return r ? renderRefusal(r, lang) : m;
  };
  return Object.fromEntries(errors.map((e) => [e.property, Object.values(e.constraints ?? {}).map(said)]));
}

describe('identifier decorators', () => {
  it('accept valid values in any common spelling', async () => {
    expect(
      await errorsOf(VehicleDto, {
        plate: '12c 123 45',
        trailerPlate: '12R-012.34',
        anyPlate: '桂F·12345',
        containerNumber: 'csqu 305438 3',
        sealNumber: 'VN-HQ 123456',
        phone: '+84 912 345 678',
        documentType: 'CCCD',
        documentNumber: '001099012345',
      }),
    ).toEqual({});
    expect(await errorsOf(FirmDto, { taxCode: '0100109106-001', gate: 'HUU_NGHI' })).toEqual({});
    expect(
      await errorsOf(GoodsDto, { customsDeclarationNumber: '104123456789', hsCodes: ['0810.90', '08109010'] }),
    ).toEqual({});
  });

  it('carry the parser’s refusal as data, said in the language asked', async () => {
    const dto = Object.assign(new VehicleDto(), { plate: '12R-012.34' });
    const [error] = await validate(dto);
    expect(constraintRefusal(Object.values(error.constraints!)[0])).toEqual({
      code: 'plateKindMismatch',
      params: { value: '"12R-012.34"', kind: { code: 'kind_TRAILER' }, expected: { code: 'kind_TRACTOR' } },
    });
    expect(await errorsOf(VehicleDto, { plate: '12R-012.34' }, 'zh')).toEqual({
      plate: ['车牌无效："12R-012.34" 是挂车车牌，这里需要牵引车车牌'],
    });
    expect(await errorsOf(VehicleDto, { plate: '12R-012.34' }, 'en')).toEqual({
      plate: ['Invalid plate: "12R-012.34" is a trailer plate, a tractor plate is needed'],
    });
    expect(constraintRefusal('plate should not be empty')).toBeNull();
  });

  it('report the parser’s Vietnamese message per field', async () => {
    const errors = await errorsOf(VehicleDto, {
      plate: '12C-12',
      trailerPlate: '12C-123.45',
      containerNumber: 'MSCU1234565',
      sealNumber: '12',
      phone: '0212345678',
      documentType: 'PASSPORT',
      documentNumber: 'ABC',
    });
    expect(errors).toEqual({
      plate: [expect.stringMatching(/^Biển số không hợp lệ: "12C-12" — phải có dạng 12C-123\.45/)],
      trailerPlate: ['Biển số không hợp lệ: "12C-123.45" là biển đầu kéo, cần biển rơ-moóc'],
      containerNumber: [expect.stringContaining('Số container không hợp lệ: "MSCU1234565" — sai số kiểm tra')],
      sealNumber: [expect.stringMatching(/^Số niêm phong hải quan không hợp lệ: "12"/)],
      phone: [expect.stringMatching(/^Số điện thoại không hợp lệ: "0212345678"/)],
      documentNumber: [expect.stringMatching(/^Số hộ chiếu không hợp lệ: "ABC"/)],
    });
  });

  it('reject a trailer plate where a tractor is required', async () => {
    expect(await errorsOf(VehicleDto, { plate: '12R-012.34' })).toEqual({
      plate: ['Biển số không hợp lệ: "12R-012.34" là biển rơ-moóc, cần biển đầu kéo'],
    });
  });

  it('reject missing and non-string values without throwing', async () => {
    const errors = await errorsOf(VehicleDto, { plate: undefined, phone: 912345678 });
    expect(errors.plate).toEqual(['Biển số không được để trống']);
    expect(errors.phone).toEqual(['Số điện thoại không hợp lệ: phải là chuỗi ký tự, nhận được 912345678']);
    expect(await errorsOf(VehicleDto, { plate: '  ' })).toEqual({ plate: ['Biển số không được để trống'] });
    expect(await errorsOf(VehicleDto, { plate: { x: 1 } })).toEqual({
      plate: ['Biển số không hợp lệ: phải là chuỗi ký tự, nhận được {"x":1}'],
    });
  });

  it('check the document number against the sibling type', async () => {
    expect(await errorsOf(VehicleDto, { plate: '12C-1234', documentType: 'CCCD', documentNumber: 'C1234567' })).toEqual(
      {
        documentNumber: [expect.stringMatching(/^Số CCCD không hợp lệ: "C1234567" — phải gồm đúng 12 chữ số/)],
      },
    );
    expect(
      await errorsOf(VehicleDto, { plate: '12C-1234', documentType: 'PASSPORT', documentNumber: 'C1234567' }),
    ).toEqual({});
    expect(await errorsOf(VehicleDto, { plate: '12C-1234', documentType: 'ID', documentNumber: 'C1234567' })).toEqual({
      documentType: [expect.any(String)],
      documentNumber: [expect.stringMatching(/^Loại giấy tờ không hợp lệ/)],
    });
  });

  it('validate tax codes, gate codes, declaration numbers and HS codes', async () => {
    expect(await errorsOf(FirmDto, { taxCode: '0100109107', gate: 'huu nghi' })).toEqual({
      taxCode: ['Mã số thuế không hợp lệ: "0100109107" — sai chữ số kiểm tra'],
      gate: [expect.stringMatching(/^Mã cửa khẩu không hợp lệ: "huu nghi"/)],
    });
    expect(await errorsOf(GoodsDto, { customsDeclarationNumber: '12345', hsCodes: ['0810', '81090'] })).toEqual({
      customsDeclarationNumber: [
        expect.stringMatching(/^Số tờ khai hải quan không hợp lệ: "12345" — phải gồm đúng 12 chữ số/),
      ],
      // With `each`, the message comes from the element that failed.
      hsCodes: [expect.stringMatching(/^Mã HS không hợp lệ: "81090"/)],
    });
  });

  it('keeps Vietnamese diacritics and Chinese characters intact in messages', async () => {
    const errors = await errorsOf(VehicleDto, { plate: '桂F1234挂' });
    expect(errors.plate).toEqual(['Biển số không hợp lệ: "桂F1234挂" là biển rơ-moóc, cần biển đầu kéo']);
  });
});
