import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import {
  DRIVER_DOCUMENT_TYPES,
  type DriverDocumentType,
  FEE_CLASSES,
  type FeeClass,
  type Language,
  NATIONALITIES,
  type Nationality,
} from '#libs/domain/src/index.js';

/** A driver in the firm's book: what the form fills in when the firm picks him. */
export class FleetBookDriverView {
  name: string;
  @ApiProperty({ example: { type: 'CCCD', number: '020123456789' } })
  document: { type: DriverDocumentType; number: string };
  phone: string;
  language: Language;
  lastFiledAt: string;
}

/** A truck in the firm's book, with the driver it last went with (null once that driver is deleted). */
export class FleetBookVehicleView {
  plate: string;
  /** The plate's match key (`12C12345`, `桂F12345`): the truck's address in the book. */
  plateKey: string;
  trailerPlate: string | null;
  @ApiProperty({ enum: NATIONALITIES })
  nationality: Nationality;
  @ApiProperty({ enum: FEE_CLASSES })
  feeClass: FeeClass;
  driver: FleetBookDriverView | null;
  lastFiledAt: string;
}

export class FleetBookView {
  /** Latest filed first. */
  vehicles: FleetBookVehicleView[];
  /** Latest filed first. */
  drivers: FleetBookDriverView[];
}

export class FleetBookVehicleParams {
  @IsString()
  @Length(1, 20)
  plateKey: string;
}

export class FleetBookDriverParams {
  @IsIn(DRIVER_DOCUMENT_TYPES, { message: 'Loại giấy tờ phải là CCCD, PASSPORT hoặc BORDER_PASS' })
  type: DriverDocumentType;

  @IsString()
  @Length(1, 20)
  number: string;
}
