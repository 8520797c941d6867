import { NotFoundException } from '@nestjs/common';
import { AppError } from '#libs/errors/src/index.js';
import { requestLanguage, toErrorBody } from './all-exceptions.filter.js';

describe('the language of a refusal', () => {
  it.each([
    [{ headers: {} }, 'vi'],
    [{ headers: { 'accept-language': 'zh-CN,zh;q=0.9' } }, 'zh'],
    [{ headers: { 'accept-language': ['fr', 'en;q=0.5'] } }, 'en'],
    [{ headers: { 'accept-language': 'zh-CN' }, query: { lang: 'en' } }, 'en'],
    [{ headers: { 'accept-language': 'zh-CN' }, query: { lang: 'fr' } }, 'zh'],
    [{ headers: { 'accept-language': 'en' }, query: { lang: ['zh'] } }, 'en'],
  ])('%j → %s', (req, lang) => {
    expect(requestLanguage(req)).toBe(lang);
  });

  it('renders refusals from anywhere in the language asked, Vietnamese by default', () => {
    expect(toErrorBody(new NotFoundException())).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'Không tìm thấy',
    });
    expect(toErrorBody(new NotFoundException(), 'zh').message).toBe('未找到');
    const tooLarge = Object.assign(new Error('body too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    expect(toErrorBody(tooLarge, 'en')).toEqual({
      statusCode: 400,
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The data sent is too large',
      errors: [{ field: 'body', message: 'The data sent is too large' }],
    });
    expect(toErrorBody(new Error('boom'), 'zh')).toEqual({ statusCode: 500, code: 'INTERNAL', message: '系统错误' });
    expect(toErrorBody(new AppError('CONFLICT', 'gateNotSuspended', { gate: 'HUU_NGHI' }), 'en').message).toBe(
      'Gate HUU_NGHI is not suspended',
    );
  });
});
