import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PlatformMetrics } from './platform-metrics.js';

/** Observes every response's latency by method, route pattern (not raw URL) and status. */
export function instrumentHttp(app: NestFastifyApplication): void {
  const metrics = app.get(PlatformMetrics);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', async (req, reply) => {
      metrics.httpDuration.observe(
        { method: req.method, route: req.routeOptions?.url ?? 'unmatched', status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
}
