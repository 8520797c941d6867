import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

/** JSON logs with the request id on every line; quiet in tests unless LOG_LEVEL asks otherwise. */
@Module({
  imports: [
    LoggerModule.forRoot({
      pinoHttp: {
        level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
        autoLogging: process.env.LOG_REQUESTS === 'true',
        redact: ['req.headers.authorization', 'req.headers.cookie'],
        customProps: (req) => ({ requestId: req.id }),
      },
    }),
  ],
})
export class LoggingModule {}
