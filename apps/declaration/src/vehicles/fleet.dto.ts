import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { VehicleStateView } from '#libs/events/src/index.js';

export class FleetQuery {
  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsUUID('all', { message: 'cursor phải là mã phương tiện (UUID) lấy từ nextCursor' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

/** One of a firm's vehicles as it is now. */
export class FleetVehicleView extends VehicleStateView {
  checkedInAt: string | null;
  updatedAt: string;
}

export class FleetPage {
  items: FleetVehicleView[];
  /** Pass as `cursor` for the next page; null at the end. */
  nextCursor: string | null;
}
