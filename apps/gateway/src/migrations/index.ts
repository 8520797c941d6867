import { GatewayInitial1732300002000 } from './1732300002000-gateway-initial.js';
import { GatewayAttachmentsKey1732300003000 } from './1732300003000-gateway-attachments-key.js';
import { GatewayTokenRevocations1732300004000 } from './1732300004000-gateway-token-revocations.js';
import { GatewayRateLimits1732300030000 } from './1732300030000-gateway-rate-limits.js';
import { GatewayEntriesByVehicle1732300200000 } from './1732300200000-gateway-entries-by-vehicle.js';
import { GatewayCodedWaiverReasons1732300300000 } from './1732300300000-gateway-coded-waiver-reasons.js';

/** Applied in order at start; never edited once committed. */
export const GATEWAY_MIGRATIONS = [
  GatewayInitial1732300002000,
  GatewayAttachmentsKey1732300003000,
  GatewayTokenRevocations1732300004000,
  GatewayRateLimits1732300030000,
  GatewayEntriesByVehicle1732300200000,
  GatewayCodedWaiverReasons1732300300000,
];
