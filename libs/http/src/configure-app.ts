import { randomUUID } from 'node:crypto';
import { Transform } from 'node:stream';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from '@fastify/helmet';
import { Logger } from 'nestjs-pino';
import type { LogSettings } from '#libs/config/src/index.js';
import { processLogger } from '#libs/logging/src/index.js';
import { enterRequestContext } from '#libs/request-context/src/index.js';
import { AllExceptionsFilter } from './all-exceptions.filter.js';
import { createValidationPipe } from './validation.pipe.js';
import { useClientJsonBodies } from './client-json-body.js';
import { ListenerIoAdapter } from './listener-io-adapter.js';

/** Largest request body accepted from clients: a declaration with many vehicles is far below this. */
export const BODY_LIMIT_BYTES = 256 * 1024;
/** Service-to-service event batches (a reflow of a long queue carries every moved entry) may be larger. */
export const INTERNAL_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

export function createFastifyAdapter(log: LogSettings): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: INTERNAL_BODY_LIMIT_BYTES,
    // The process logger, which Nest's lines go to as well (nestjs-pino); one line per request with LOG_REQUESTS.
    loggerInstance: processLogger(log),
    disableRequestLogging: !log.requests,
    trustProxy: true,
    // A request id that follows the request across services (X-Request-Id), or a fresh one.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
  });
  // The request's id is current for everything its handler does (logs, events), and returned to the client.
  adapter.getInstance().addHook('onRequest', async (req, reply) => {
    enterRequestContext(req.id);
    void reply.header('x-request-id', req.id);
  });
  // At shutdown the server waits for its connections; a keep-alive connection that falls idle after the
  // close began (a request answered meanwhile) would hold it for the whole keep-alive timeout.
  adapter.getInstance().addHook('preClose', function (done) {
    this.server.keepAliveTimeout = 1;
    done();
  });
  // Client bodies are held to BODY_LIMIT_BYTES; only the internal event endpoints get the larger limit.
  adapter.getInstance().addHook('preParsing', async (req, _reply, payload) => {
    if (req.url.startsWith('/api/internal/')) return payload;
    const declared = Number(req.headers['content-length']);
    if (declared > BODY_LIMIT_BYTES)
      throw Object.assign(new Error('Request body is too large'), {
        statusCode: 413,
        code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      });
    let seen = 0;
    return payload.pipe(
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          seen += chunk.length;
          if (seen > BODY_LIMIT_BYTES)
            done(
              Object.assign(new Error('Request body is too large'), {
                statusCode: 413,
                code: 'FST_ERR_CTP_BODY_TOO_LARGE',
              }),
            );
          else done(null, chunk);
        },
      }),
    );
  });
  return adapter;
}

/** Creates the Fastify-based Nest app; call configureApp on it before listening. */
export async function createHttpApp(module: unknown, log: LogSettings): Promise<NestFastifyApplication> {
  // Lines logged while the modules start wait for configureApp to install the JSON logger.
  return NestFactory.create<NestFastifyApplication>(module as never, createFastifyAdapter(log), { bufferLogs: true });
}

/**
 * The one place the HTTP pipeline is set up, shared by every entry point and by the e2e tests so
 * tests exercise the same pipes, filters and prefix as production.
 */
export interface ConfigureOptions {
  title: string;
  swagger?: boolean;
  /** Browser origins allowed to call the API and open sockets (CORS). */
  corsOrigins?: string[];
}

export async function configureApp(app: NestFastifyApplication, opts: ConfigureOptions): Promise<void> {
  // Nest's own lines as JSON through nestjs-pino (the root module imports its LoggerModule).
  app.useLogger(app.get(Logger));
  // Security headers; scripts only from this origin (the consoles load external modules, no inline code).
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.enableCors({
    origin: opts.corsOrigins ?? false,
    methods: ['GET', 'POST', 'PATCH'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-console', 'x-request-id'],
    maxAge: 600,
  });
  useClientJsonBodies(app, INTERNAL_BODY_LIMIT_BYTES);
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  // Gateways (the live queue) on the same HTTP server, with their handlers as plain socket listeners.
  app.useWebSocketAdapter(new ListenerIoAdapter(app.getHttpServer()));
  if (opts.swagger !== false) {
    const config = new DocumentBuilder()
      .setTitle(opts.title)
      .setDescription(
        'Nền tảng cửa khẩu số Hữu Nghị – Tân Thanh. Lỗi: { statusCode, code, message, errors?: [{ field, message }] }.',
      )
      .setVersion('1.0')
      .addBearerAuth()
      .build();
    const document = SwaggerModule.createDocument(app, config);
    SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  }
}
