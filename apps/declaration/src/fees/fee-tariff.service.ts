import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import {
  applicableRow,
  type FeeClass,
  type FeeDue,
  feeDue,
  FEE_CLASSES,
  localDay,
  tariffRowRefusal,
  VIETNAM_UTC_OFFSET_MINUTES,
} from '#libs/domain/src/index.js';
import { AppError } from '#libs/errors/src/index.js';
import type { AddTariffRowDto, TariffRowView } from './dto/fee-tariff.dto.js';
import { FeeTariffRepository, type StoredTariffRow } from './fee-tariff.repository.js';

/** Prices a vehicle: its class's rate on the day its declaration was filed. */
export type FeePricing = (feeClass: FeeClass, filedAt: Date) => FeeDue | null;

/** How long a replica reuses the rows it read (a row added elsewhere starts tomorrow at the earliest). */
const REUSE_MS = 60_000;

/**
 * The infrastructure fee tariff. It lives in the declaration service because the fee is a property of what a
 * firm declares: the vehicle's fee class is filed here, the firm sees the fee on its declaration and slip here,
 * and the yard is told the amount with the vehicle's snapshot (it records payments at the gate against that
 * amount, so the two services never need to agree on a tariff at payment time).
 *
 * A vehicle is priced on the day its declaration was filed, and a new row takes effect from tomorrow at the
 * earliest: so a filed declaration's fee never changes afterwards, and the declaration, the slip and the
 * yard's copy always show the same amount.
 */
@Injectable()
export class FeeTariffService {
  private cache: { rows: StoredTariffRow[]; day: string; readAt: number } | null = null;

  constructor(
    private readonly repo: FeeTariffRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private today(): string {
    return localDay(this.clock.now(), VIETNAM_UTC_OFFSET_MINUTES);
  }

  /**
   * The rows, read at most once a minute and again whenever the local day changes: as rows start tomorrow at
   * the earliest, rows read today already hold every rate that applies to a declaration filed up to today.
   */
  private async rows(): Promise<StoredTariffRow[]> {
    const now = this.clock.now().getTime();
    const day = this.today();
    if (!this.cache || this.cache.day !== day || now - this.cache.readAt > REUSE_MS || now < this.cache.readAt)
      this.cache = { rows: await this.repo.all(), day, readAt: now };
    return this.cache.rows;
  }

  async pricing(): Promise<FeePricing> {
    const rows = await this.rows();
    return (feeClass, filedAt) => feeDue(rows, feeClass, localDay(filedAt, VIETNAM_UTC_OFFSET_MINUTES));
  }

  async list(): Promise<TariffRowView[]> {
    const rows = await this.repo.all();
    const today = this.today();
    const current = new Set(FEE_CLASSES.map((c) => applicableRow(rows, c, today)));
    return rows.map((r) => ({
      feeClass: r.feeClass,
      effectiveFrom: r.effectiveFrom,
      amountVnd: r.amountVnd,
      source: r.source,
      createdAt: r.createdAt.toISOString(),
      current: current.has(r),
    }));
  }

  async add(dto: AddTariffRowDto, by: string | null): Promise<TariffRowView[]> {
    const refusal = tariffRowRefusal(dto, this.today());
    if (refusal) throw AppError.refusedField(refusal.field, refusal.refusal);
    const source = dto.source.trim().normalize('NFC');
    if (!(await this.repo.add({ ...dto, source }, by, this.clock.now())))
      throw new AppError('CONFLICT', 'tariffRateExists', { feeClass: dto.feeClass, day: dto.effectiveFrom });
    this.cache = null;
    return this.list();
  }
}
