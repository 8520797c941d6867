import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AllExceptionsFilter } from './all-exceptions.filter.js';
import { createValidationPipe } from './validation.pipe.js';

/** Largest request body accepted: a declaration with many vehicles is far below this. */
export const BODY_LIMIT_BYTES = 256 * 1024;

export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: true,
    // A request id that follows the request across services (X-Request-Id), or a fresh one.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
  });
}

export async function createHttpApp(module: unknown): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module as never, createFastifyAdapter(), { bufferLogs: true });
  await configureApp(app, { title: 'Cửa khẩu số API' });
  return app;
}

/**
 * The one place the HTTP pipeline is set up, shared by every entry point and by the e2e tests so
 * tests exercise the same pipes, filters and prefix as production.
 */
export async function configureApp(app: INestApplication, opts: { title: string; swagger?: boolean }): Promise<void> {
  try {
    app.useLogger(app.get(Logger));
  } catch {
    // The logger module is optional for small test modules.
  }
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  if (opts.swagger !== false) {
    const config = new DocumentBuilder()
      .setTitle(opts.title)
      .setDescription('Nền tảng cửa khẩu số Hữu Nghị – Tân Thanh. Lỗi: { statusCode, code, message, errors?: [{ field, message }] }.')
      .setVersion('1.0')
      .addBearerAuth()
      .build();
    const document = SwaggerModule.createDocument(app, config);
    SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  }
}
