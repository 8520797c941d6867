import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { createValidationPipe } from '#libs/http/src/index.js';

/**
 * The platform's validation pipe for socket messages: a message is checked exactly as a request body is
 * (an object, no unknown fields, a Vietnamese message per field). Nest runs a gateway's pipes over every
 * argument of the handler; only the message has a DTO class, the socket and the ack pass untouched.
 */
@Injectable()
export class LiveMessagePipe implements PipeTransform {
  private readonly pipe = createValidationPipe();

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const dto = metadata.metatype;
    if (!dto || dto === Object || dto === Function) return value;
    return this.pipe.transform(value, { ...metadata, type: 'body' });
  }
}
