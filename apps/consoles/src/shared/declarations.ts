// The declaration service's response types, as the consoles read them (type-only: nothing of the server is bundled).
export type {
  DeclarationPage,
  DeclarationView as Declaration,
  VehicleView,
} from '../../../declaration/src/declarations/dto/declaration-view.dto.js';
export type { GateView } from '../../../yard-queue/src/gates/dto/gate-view.dto.js';
