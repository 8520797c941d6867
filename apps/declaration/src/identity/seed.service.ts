import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { hashPassword } from '#libs/auth/src/index.js';
import type { Role } from '#libs/domain/src/index.js';
import { CLOCK, type Clock } from '#libs/clock/src/index.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '#libs/config/src/index.js';
import { UserRepository } from './user.repository.js';

export const DEMO_PASSWORD = 'CuaKhau@2026';
export const DEMO_FIRM = { name: 'Công ty TNHH Nông sản Xứ Lạng (demo)', taxCode: '0100109106', phone: '+84912345678' };

export interface DemoAccount {
  email: string;
  role: Role;
  gates: string[];
  fullName: string;
}

/** Demo accounts for every role and both seeded gates, created only with no configuration at all. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@demo.cuakhau.vn', role: 'ADMIN', gates: [], fullName: 'Ban quản lý cửa khẩu' },
  { email: 'doanhnghiep@demo.cuakhau.vn', role: 'FIRM', gates: [], fullName: 'Nguyễn Thị Hoa' },
  { email: 'haiquan.huunghi@demo.cuakhau.vn', role: 'CUSTOMS', gates: ['HUU_NGHI'], fullName: 'Hải quan Hữu Nghị' },
  { email: 'haiquan.tanthanh@demo.cuakhau.vn', role: 'CUSTOMS', gates: ['TAN_THANH'], fullName: 'Hải quan Tân Thanh' },
  {
    email: 'bienphong.huunghi@demo.cuakhau.vn',
    role: 'BORDER_GUARD',
    gates: ['HUU_NGHI'],
    fullName: 'Biên phòng Hữu Nghị',
  },
  {
    email: 'bienphong.tanthanh@demo.cuakhau.vn',
    role: 'BORDER_GUARD',
    gates: ['TAN_THANH'],
    fullName: 'Biên phòng Tân Thanh',
  },
  { email: 'baixe.huunghi@demo.cuakhau.vn', role: 'YARD_OPERATOR', gates: ['HUU_NGHI'], fullName: 'Bãi chờ Hữu Nghị' },
  {
    email: 'baixe.tanthanh@demo.cuakhau.vn',
    role: 'YARD_OPERATOR',
    gates: ['TAN_THANH'],
    fullName: 'Bãi chờ Tân Thanh',
  },
];

@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly users: UserRepository,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.admin)
      await this.ensureUser(
        { email: this.config.admin.email, role: 'ADMIN', gates: [], fullName: 'Quản trị' },
        this.config.admin.password,
      );
    if (this.config.seedDemo) {
      for (const a of DEMO_ACCOUNTS) await this.ensureUser(a, DEMO_PASSWORD);
      this.logger.log(
        `Tài khoản demo (mật khẩu ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.map((a) => `${a.email} [${a.role}${a.gates.length ? ' ' + a.gates.join(',') : ''}]`).join('; ')}`,
      );
    }
  }

  /** Creates the account if missing; an existing account is left as it is (its password may have changed). */
  private async ensureUser(a: DemoAccount, password: string): Promise<void> {
    if (await this.users.findByEmail(a.email)) return;
    const now = this.clock.now();
    const base = {
      id: randomUUID(),
      email: a.email,
      passwordHash: await hashPassword(password),
      fullName: a.fullName,
      role: a.role,
      gates: a.gates,
      createdAt: now,
    };
    try {
      if (a.role === 'FIRM') {
        const firmId = randomUUID();
        await this.users.createFirmWithUser({ id: firmId, ...DEMO_FIRM }, { ...base, firmId });
      } else {
        await this.users.createUser({ ...base, firmId: null });
      }
    } catch (e) {
      // Another replica seeded the same account at the same moment.
      if ((e as { code?: string }).code !== 'CONFLICT') throw e;
    }
  }
}
