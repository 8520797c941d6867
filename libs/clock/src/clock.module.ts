import { type DynamicModule, Global, Module } from '@nestjs/common';
import { CLOCK, type Clock, SystemClock } from './clock.js';

@Global()
@Module({})
export class ClockModule {
  /** The system clock by default; tests and the simulator pass a ManualClock. */
  static forRoot(clock: Clock = new SystemClock()): DynamicModule {
    return { module: ClockModule, providers: [{ provide: CLOCK, useValue: clock }], exports: [CLOCK] };
  }
}
