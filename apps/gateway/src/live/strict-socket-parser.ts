import { Decoder, Encoder } from 'socket.io-parser';
import { AppError } from '#libs/errors/src/index.js';
import { requestLanguage, toErrorBody } from '#libs/http/src/index.js';
import { findDuplicateJsonKey, type JsonProblem } from '#libs/validation/src/json-hygiene.js';
import type { LiveSocket } from './live-socket.js';
import { refuse } from './message-throttle.js';

// Event argument lists (a frame's decoded `[event, ...args]`) whose JSON text repeated a key, with the first one.
const repeatedKeys = new WeakMap<object, JsonProblem>();

/**
 * socket.io's decoder, reading each frame's JSON as strictly as a request body: JSON.parse silently keeps the last
 * of a repeated key, so the gateway and a proxy or log could read different messages. The wire format is the
 * default parser's (the consoles' clients are unchanged); only its JSON step differs. An event is still delivered,
 * marked, so that it gets an error ack naming the field (`refuseRepeatedKeys`); a handshake whose `auth` repeats a
 * key is an invalid packet, and the connection is closed.
 */
class StrictDecoder extends Decoder {
  constructor() {
    super();
    // `tryParse(text)` is where the default decoder turns a frame's JSON text into its payload (false: invalid);
    // it is private in the typings, so it is replaced on the instance.
    (this as unknown as { tryParse(text: string): unknown }).tryParse = (text: string) => {
      let payload: unknown;
      try {
        payload = JSON.parse(text);
      } catch {
        return false;
      }
      const list = Array.isArray(payload);
      const problem = findDuplicateJsonKey(text, { argumentList: list });
      if (!problem) return payload;
      // A handshake's `auth` (an object) is refused as an invalid packet; an event is delivered, marked.
      if (!list) return false;
      repeatedKeys.set(payload as unknown[], problem);
      return payload;
    };
  }
}

/** The `parser` option of the gateway's socket.io server. */
export const strictSocketParser = { Encoder, Decoder: StrictDecoder };

/** A socket middleware: a message whose JSON repeated a key is answered with a 400 ack and goes no further. */
export function refuseRepeatedKeys(socket: LiveSocket): void {
  socket.use((args, next) => {
    const problem = repeatedKeys.get(args);
    if (!problem) return next();
    refuse(args, toErrorBody(AppError.invalidFields([problem]), requestLanguage(socket.handshake)));
  });
}
