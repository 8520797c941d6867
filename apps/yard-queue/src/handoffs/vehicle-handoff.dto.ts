import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsUUID, Min } from 'class-validator';
import {
  HANDOFF_KINDS,
  type HandoffKind,
  type VehicleHandoffRequest,
  type VehicleSnapshot,
} from '#libs/events/src/index.js';

/** A firm's change to vehicles the yard owns, as the declaration service asks it (internal token). */
export class VehicleHandoffRequestDto implements VehicleHandoffRequest {
  @IsUUID() id: string;
  @IsIn(HANDOFF_KINDS) kind: HandoffKind;
  @IsUUID() declarationId: string;
  @IsInt() @Min(1) version: number;
  // Snapshots as the declaration service's events carry them (the same producer, trusted like the events).
  @IsArray() @ArrayMaxSize(100) @IsObject({ each: true }) vehicles: VehicleSnapshot[];
  @IsArray() @ArrayMaxSize(100) @IsObject({ each: true }) withdrawn: VehicleSnapshot[];
}
