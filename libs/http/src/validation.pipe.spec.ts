import { ArrayMaxSize, IsInt, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import type { Language } from '#libs/domain/src/language/language.js';
import { AppError } from '#libs/errors/src/index.js';
import { createValidationPipe } from './validation.pipe.js';

class Inner {
  @IsString() @Length(2, 5) name: string;
}
class Body {
  @IsInt() @Min(1) @Max(10) count: number;
  @IsUUID() id: string;
  @Matches(/^[A-Z]+$/) code: string;
  @ArrayMaxSize(1) list: string[];
  @ValidateNested() @Type(() => Inner) inner: Inner;
}

async function errorsOf(value: unknown, lang: Language = 'vi'): Promise<{ field: string; message: string }[]> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: Body });
  } catch (e) {
    return (e as AppError).render(lang).errors!;
  }
  throw new Error('expected a refusal');
}

it('answers in Vietnamese, one message per field, with nested paths', async () => {
  const errors = await errorsOf({ count: 99, id: 'x', code: 'abc', list: ['a', 'b'], inner: { name: 'x' }, extra: 1 });
  const byField = Object.fromEntries(errors.map((e) => [e.field, e.message]));
  expect(byField).toEqual({
    count: '"count" không được lớn hơn 10',
    id: '"id" phải là mã định danh (UUID)',
    code: '"code" không đúng định dạng',
    list: '"list" có tối đa 1 phần tử',
    'inner.name': '"name" phải có ít nhất 2 ký tự',
    extra: 'Trường "extra" không được phép',
  });
  expect(errors.every((e) => !/must|should/.test(e.message))).toBe(true);
});

it('says the same in Chinese and in English when asked', async () => {
  const value = { count: 99, id: 'x', code: 'abc', list: [], inner: { name: 'x' } };
  const zh = Object.fromEntries((await errorsOf(value, 'zh')).map((e) => [e.field, e.message]));
  expect(zh).toMatchObject({ count: '"count"不得大于 10', 'inner.name': '"name"至少需要 2 个字符' });
  const en = Object.fromEntries((await errorsOf(value, 'en')).map((e) => [e.field, e.message]));
  expect(en).toMatchObject({ count: '"count" must not exceed 10', code: '"code" is not in the right format' });
});

it('refuses a body that is not an object, control characters and lone surrogates (socket messages come this way)', async () => {
  for (const v of [null, 5, 'x', [1]]) expect((await errorsOf(v))[0].field).toBe('body');
  expect((await errorsOf({ count: 1, id: 'a\u0000' }))[0]).toEqual({
    field: 'id',
    message: '"id" chứa ký tự điều khiển không được phép',
  });
  expect((await errorsOf({ count: 1, id: 'a\ud800' }))[0]).toEqual({
    field: 'id',
    message: '"id" chứa ký tự Unicode không hợp lệ',
  });
});

it('refuses absurdly nested JSON with 400 instead of exhausting the stack, and leaves non-client parameters alone', async () => {
  let deep: unknown = 'x';
  for (let i = 0; i < 5000; i++) deep = [deep];
  expect((await errorsOf({ count: 1, list: deep }))[0].message).toContain('lồng nhau');
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  await expect(createValidationPipe().transform(cyclic, { type: 'custom' })).resolves.toBe(cyclic);
});

it("keeps class-validator's lookups of a class's rules, and forgets them when a rule is registered", async () => {
  class Later {
    @IsString() name: string;
  }
  const pipe = createValidationPipe();
  const body = { type: 'body' as const, metatype: Later };
  await expect(pipe.transform({ name: 'a' }, body)).resolves.toMatchObject({ name: 'a' });
  // A rule registered after the class was first validated (a class declared later, a decorator applied late).
  Min(1)(Later.prototype, 'count');
  const refused = await pipe.transform({ name: 'a', count: 0 }, body).catch((e: AppError) => e.render('en').errors);
  expect(refused).toEqual([{ field: 'count', message: '"count" must not be less than 1' }]);
});
