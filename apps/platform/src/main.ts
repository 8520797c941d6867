import 'reflect-metadata';
import { serve } from '#libs/runtime/src/index.js';
import { seedDemoDeclarations } from './demo-seed.js';
import { DECLARATION_DB } from '../../declaration/src/database/declaration-database.js';
import { DeclarationServiceModule } from '../../declaration/src/declaration-service.module.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../declaration/src/identity/seed.service.js';
import { serveConsoles } from '../../gateway/src/consoles.js';
import { YARD_QUEUE_DB } from '../../yard-queue/src/database/yard-queue-database.js';
import { YardQueueServiceModule } from '../../yard-queue/src/yard-queue-service.module.js';

// `npm start`: every service in one process on one origin — REST under /api, consoles at /.
await serve({
  name: 'cửa khẩu số',
  services: [DeclarationServiceModule, YardQueueServiceModule],
  databases: [DECLARATION_DB, YARD_QUEUE_DB],
  configure: (app) => serveConsoles(app),
  afterListen: async (config) => {
    if (!config.seedDemo) return;
    await seedDemoDeclarations(`http://127.0.0.1:${config.port}`, (m) => process.stdout.write(`${m}\n`)).catch((e: Error) =>
      process.stdout.write(`Không tạo được dữ liệu demo: ${e.message}\n`),
    );
    const lines = DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(36)} ${a.role.padEnd(14)} ${a.gates.join(', ')}`);
    process.stdout.write(`\nTài khoản demo (mật khẩu: ${DEMO_PASSWORD})\n${lines.join('\n')}\n\nMở http://localhost:${config.port}/ — tài liệu API: http://localhost:${config.port}/api/docs\n`);
  },
});
