import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request being served, for code far from the controller: log lines carry its id, and events written
 * while serving it carry it to the services that consume them.
 */
const storage = new AsyncLocalStorage<{ requestId: string }>();

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/** Makes the context of a Fastify request current for everything its handler does. */
export function enterRequestContext(requestId: string): void {
  storage.enterWith({ requestId });
}
