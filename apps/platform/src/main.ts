import 'reflect-metadata';
import { serve } from '#libs/runtime/src/index.js';
import { seedDemoDeclarations } from './demo-seed.js';
import { startSimulator } from './simulator.js';
import { DECLARATION_DB } from '../../declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../declaration/src/declaration-service.module.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../declaration/src/identity/seed.service.js';
import { serveConsoles } from '../../gateway/src/consoles.js';
import { GATEWAY_DB } from '../../gateway/src/database/gateway-database.js';
import { GatewayServiceModule } from '../../gateway/src/gateway-service.module.js';
import { STATISTICS_DB } from '../../statistics/src/database/statistics-database.js';
import { StatisticsServiceModule } from '../../statistics/src/statistics-service.module.js';
import { NOTIFICATIONS_DB } from '../../notifications/src/database/notifications-database.js';
import { NotificationsServiceModule } from '../../notifications/src/notifications-service.module.js';
import { YARD_QUEUE_DB } from '../../yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../yard-queue/src/yard-queue-service.module.js';

// `npm start`: every service in one process on one origin — REST under /api, consoles at /.
await serve({
  name: 'cửa khẩu số',
  services: [
    DeclarationServiceModule,
    YardQueueServiceModule,
    GatewayServiceModule,
    StatisticsServiceModule,
    NotificationsServiceModule,
  ],
  databases: [DECLARATION_DB, YARD_QUEUE_DB, GATEWAY_DB, STATISTICS_DB, NOTIFICATIONS_DB],
  configure: (app, config) => serveConsoles(app, config.consolesDir),
  afterListen: async (config) => {
    // SIMULATE=true: the living demo (apps/platform/src/simulator.ts) drives both gates with the demo accounts.
    const simulate = config.simulate.enabled;
    if (simulate && !config.seedDemo)
      process.stdout.write('SIMULATE=true cần các tài khoản demo (SEED_DEMO): bỏ qua mô phỏng.\n');
    if (!config.seedDemo) return;
    await seedDemoDeclarations(`http://127.0.0.1:${config.port}`, (m) => process.stdout.write(`${m}\n`)).catch(
      (e: Error) => process.stdout.write(`Không tạo được dữ liệu demo: ${e.message}\n`),
    );
    const lines = DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(36)} ${a.role.padEnd(14)} ${a.gates.join(', ')}`);
    process.stdout.write(
      `\nTài khoản demo (mật khẩu: ${DEMO_PASSWORD})\n${lines.join('\n')}\n\nMở http://localhost:${config.port}/ — tài liệu API: http://localhost:${config.port}/api/docs\n`,
    );
    if (simulate) startSimulator({ origin: `http://127.0.0.1:${config.port}`, speed: config.simulate.speed });
  },
});
