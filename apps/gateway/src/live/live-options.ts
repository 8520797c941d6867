import type { Provider } from '@nestjs/common';
import { type LiveOptions, PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';

export type { LiveOptions };

/** The live queue's part of the platform config (read from the environment with the rest, in libs/config). */
export const LIVE_OPTIONS = Symbol('LIVE_OPTIONS');

export const LiveOptionsProvider: Provider = {
  provide: LIVE_OPTIONS,
  inject: [PLATFORM_CONFIG],
  useFactory: (config: PlatformConfig) => config.live,
};
