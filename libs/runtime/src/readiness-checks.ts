import { Injectable } from '@nestjs/common';

/** A dependency a process needs to serve, beyond its databases: resolves with details, or throws why not. */
export type ReadinessCheck = () => Promise<Record<string, unknown>>;

/** Checks that services add to readiness (`GET /api/health`), e.g. the gateway's socket.io adapter. */
@Injectable()
export class ReadinessChecks {
  readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }
}
