import { GatewayInitial1732300002000 } from './1732300002000-gateway-initial.js';

/** Applied in order at start; never edited once committed. */
export const GATEWAY_MIGRATIONS = [GatewayInitial1732300002000];
