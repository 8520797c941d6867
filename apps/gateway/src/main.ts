import 'reflect-metadata';
import { serve } from '#libs/runtime/src/index.js';
import { serveConsoles } from './consoles.js';
import { GATEWAY_DB } from './database/gateway-database.js';
import { GatewayServiceModule } from './gateway-service.module.js';

// The gateway alone, for the production shape: the live queue (socket.io) and the consoles' files.
await serve({
  name: 'gateway',
  services: [GatewayServiceModule],
  databases: [GATEWAY_DB],
  configure: (app, config) => serveConsoles(app, config.consolesDir),
});
