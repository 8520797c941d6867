import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { type Direction, DIRECTIONS } from '#libs/domain/src/index.js';
import {
  type AuthRenewRequest,
  BOARD_TOP,
  type BoardLookupRequest,
  LIVE_VIEWS,
  type LiveView,
  type ResyncRequest,
  type SubscribeRequest,
  type UnsubscribeRequest,
} from '#libs/live-client/src/protocol.js';

// The shape of a gate code (HUU_NGHI); whether it exists is the yard-queue's answer.
const GATE = /^[A-Z][A-Z0-9_]{1,31}$/;
const MAX_VERSION = Number.MAX_SAFE_INTEGER;

/** `subscribe { gate, view, sinceVersion? }`: the protocol's request, with its validation rules. */
export class SubscribeDto implements SubscribeRequest {
  @IsString()
  @Matches(GATE, { message: 'Mã cửa khẩu không hợp lệ' })
  gate: string;

  @IsIn(LIVE_VIEWS)
  view: LiveView;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_VERSION)
  sinceVersion?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(BOARD_TOP.max, { message: `Bảng công khai hiện tối đa ${BOARD_TOP.max} xe mỗi chiều` })
  top?: number;

  @IsOptional()
  @IsIn(DIRECTIONS)
  direction?: Direction;
}

/** `resync { gate, sinceVersion }` */
export class ResyncDto implements ResyncRequest {
  @IsString()
  @Matches(GATE, { message: 'Mã cửa khẩu không hợp lệ' })
  gate: string;

  @IsInt()
  @Min(0)
  @Max(MAX_VERSION)
  sinceVersion: number;
}

/** `unsubscribe { gate }` */
export class UnsubscribeDto implements UnsubscribeRequest {
  @IsString()
  @Matches(GATE, { message: 'Mã cửa khẩu không hợp lệ' })
  gate: string;
}

/** `board.lookup { gate, plate }` */
export class BoardLookupDto implements BoardLookupRequest {
  @IsString()
  @Matches(GATE, { message: 'Mã cửa khẩu không hợp lệ' })
  gate: string;

  @IsString()
  @MaxLength(32, { message: 'Biển số tối đa 32 ký tự' })
  plate: string;
}

/** `auth.renew { token }`: the token itself is checked as in the handshake (SocketAuthenticator). */
export class AuthRenewDto implements AuthRenewRequest {
  @IsString()
  @MaxLength(4096)
  token: string;
}
