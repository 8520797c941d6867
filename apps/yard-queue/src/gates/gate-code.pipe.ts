import { type PipeTransform, Injectable } from '@nestjs/common';
import { isGateCodeShape } from '#libs/domain/src/index.js';
import { AppError } from '#libs/errors/src/index.js';

/** A path's gate code must look like one (HUU_NGHI); whether it exists is the service's 404. */
@Injectable()
export class IsGateCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isGateCodeShape(value))
      throw AppError.invalid('code', 'gateCodeInvalid', { code: String(value).slice(0, 40) });
    return value;
  }
}
