// What a change of a gate's settings does (its preview and its record in the history).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One lane's waiting vehicles before and after the change. */
export class LaneImpactView {
  waiting: number;
  /** Vehicles whose window moves (to another window, or to none). */
  reslotted: number;
  /** Vehicles left waiting without a window within the 14-day horizon. */
  unslotted: number;
  /** Start of the latest window a waiting vehicle holds, before and after. */
  lastWindowBefore: string | null;
  lastWindowAfter: string | null;
}

export class GateImpactView {
  /** Over every lane the change re-slots. */
  reslotted: number;
  @ApiPropertyOptional({ type: LaneImpactView }) EXPORT?: LaneImpactView;
  @ApiPropertyOptional({ type: LaneImpactView }) IMPORT?: LaneImpactView;
}

const SETTING_VALUE = {
  nullable: true,
  description: "The value: a number, text, flag, list of dates, a day's hours { open, close } or a suspension",
  oneOf: [
    { type: 'number' },
    { type: 'string' },
    { type: 'boolean' },
    { type: 'array', items: { type: 'string' } },
    { type: 'object', additionalProperties: { type: 'string' } },
  ],
};

/** One setting that changed: its path in the gate view (`directions.EXPORT.capacityPerHour`) and both values. */
export class SettingChangeView {
  field: string;
  @ApiProperty(SETTING_VALUE) before: unknown;
  @ApiProperty(SETTING_VALUE) after: unknown;
}

/** What saving (or suspending) would do now: computed by the save's own code in a transaction rolled back. */
export class GateChangePreview {
  changes: SettingChangeView[];
  impact: GateImpactView;
}

/** One line of a gate's settings history. */
export class GateHistoryEntry {
  id: string;
  /** update, suspend or resume */
  action: string;
  at: string;
  actorId: string | null;
  actorRole: string;
  /** Null on lines recorded before the history kept the settings before and after. */
  changes: SettingChangeView[] | null;
  reslotted: number | null;
  /** The reason given for a suspension or a resumption. */
  reason: string | null;
}
