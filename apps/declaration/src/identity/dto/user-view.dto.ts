// What the identity endpoints return: an account, and a token pair with it.
import type { Role } from '#libs/domain/src/index.js';

export class FirmSummary {
  id: string;
  name: string;
  taxCode: string;
}

export class UserView {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  gates: string[];
  firm: FirmSummary | null;
  /** Disabled by an administrator: cannot log in. */
  disabled: boolean;
}

export class TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: UserView;
}
