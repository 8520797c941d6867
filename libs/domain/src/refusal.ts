// A refusal as data: the domain says why by a stable code and the facts it names; the apps say it in the
// reader's language (libs/errors holds each code's Vietnamese, Chinese and English, with the same placeholders).
// A parameter may itself be a phrase (a state, an action, an agency), said in the same language as the whole.

/** Every sentence and phrase the domain refuses with. */
export const REFUSAL_CODES = [
  // Identifiers: any field.
  'idEmpty',
  'idNotText',
  'label_plate',
  'label_containerNumber',
  'label_taxCode',
  'label_phone',
  'label_customsDeclarationNumber',
  'label_hsCode',
  'label_sealNumber',
  'label_CCCD',
  'label_PASSPORT',
  'label_BORDER_PASS',
  // Plates.
  'plateProvinceAmbiguous',
  'plateProvince',
  'plateFormat',
  'plateSeriesUnclear',
  'plateKindMismatch',
  'kind_TRACTOR',
  'kind_TRAILER',
  // Other identifiers.
  'containerFormat',
  'containerCheckDigit',
  'taxCodeFormat',
  'taxCodeCheckDigit',
  'taxCodeBranch',
  'phoneFormat',
  'customsNumberFormat',
  'hsCodeFormat',
  'sealFormat',
  'instantNotText',
  'instantNoOffset',
  'instantFormat',
  'instantNotReal',
  'documentTypeInvalid',
  'cccdDigits',
  'cccdProvince',
  'passportFormat',
  'borderPassFormat',
  'gateCodeFormat',
  // The vehicle lifecycle.
  'transitionRefused',
  'action_submit',
  'action_accept',
  'action_reject',
  'action_cancel',
  'action_amend',
  'action_checkIn',
  'action_call',
  'action_arrive',
  'action_hold',
  'action_release',
  'action_turnBack',
  'action_noShow',
  'action_clear',
  'action_cross',
  'confirmationsMissing',
  'agency_CUSTOMS',
  'agency_BORDER_GUARD',
  'agency_QUARANTINE',
  'repeatedConfirmation',
  'state_DRAFT',
  'state_SUBMITTED',
  'state_ACCEPTED',
  'state_REJECTED',
  'state_CANCELLED',
  'state_CHECKED_IN',
  'state_CALLED',
  'state_AT_GATE',
  'state_HELD',
  'state_CLEARED',
  'state_TURNED_BACK',
  'state_CROSSED',
  'stateLabel_DRAFT',
  'stateLabel_SUBMITTED',
  'stateLabel_ACCEPTED',
  'stateLabel_REJECTED',
  'stateLabel_CANCELLED',
  'stateLabel_CHECKED_IN',
  'stateLabel_CALLED',
  'stateLabel_AT_GATE',
  'stateLabel_HELD',
  'stateLabel_CLEARED',
  'stateLabel_TURNED_BACK',
  'stateLabel_CROSSED',
  'listComma',
  'listSemicolon',
  // Check-in without an accepted declaration, and one live booking per truck.
  'checkInNotDeclared',
  'checkInDraft',
  'checkInSubmitted',
  'checkInRejected',
  'checkInCancelled',
  'checkInOver',
  'declaredElsewhere',
  'onTheSlip',
  'rejectedBecause',
  'liveBookingHere',
  'liveBookingElsewhere',
  // A firm's change of a truck the yard holds, and a plate filed twice.
  'firmChangeInYard',
  'firmChangeOver',
  'change_amend',
  'change_cancel',
  'inYardSince',
  'inYardWindow',
  'instead_amend',
  'instead_cancel',
  'openPlate',
  // A declaration's fields checked together (the server's normaliseContent and the firm portal's form).
  'arrivalInvalid',
  'arrivalPast',
  'arrivalTooFar',
  'customsNumberTwice',
  'plateTwice',
  'plateNotOfCountry',
  'country_VN',
  'country_CN',
  'vehicleIdOnCreate',
  'vehicleNotOfDeclaration',
  // The fairness ledger: why a truck's place in the queue changed.
  'orderChange_CHECK_IN',
  'orderChange_PRIORITY_SHARE',
  'orderChange_NO_SHOW_RESLOT',
  'orderChange_SUSPENSION',
  'orderChange_RESUMPTION',
  'orderChange_CAPACITY_CHANGE',
  'orderChange_PLACES_FREED',
  // Two-sided accountability: why a truck's delay was put down to its party, and why a no-show was waived.
  'delay_CALLED_DURING_SUSPENSION',
  'delay_SUSPENDED_AFTER_CALL',
  'delay_SUSPENDED_MOST_OF_WAIT',
  'delay_LANE_BLOCKED_BY_HOLD',
  'delay_GATE_AREA_FULL',
  'delay_NOT_ARRIVED_AFTER_CALL',
  'delay_CALLED_LATE',
  'delay_AWAITING_CONFIRMATION',
  'delay_AT_GATE_PROCEDURES',
  'delay_HELD_BY_AGENCY',
  'delay_HELD_AT_GATE',
  'delay_SLOW_CROSSING',
  'delay_LEGACY',
  // Waiting yards: the declaration's, and a gate's list of them.
  'yardNotListed',
  'yardsCount',
  'yardCode',
  'yardName',
  'yardTwice',
  // Fees.
  'tariffDateInvalid',
  'tariffFromTomorrow',
  'tariffAmount',
  'refundAmount',
  'refundOverLeft',
  // Event endpoints.
  'webhookUrlInvalid',
  'webhookUrlCredentials',
  'webhookUrlHttps',
  // Gate schedules.
  'scheduleUtcOffset',
  'scheduleOpeningHours',
  'scheduleDayMissing',
  'scheduleDayShape',
  'scheduleOpenTime',
  'scheduleCloseTime',
  'scheduleCloseAfterOpen',
  'scheduleClosedDates',
  'scheduleClosedDate',
  'scheduleWindowMinutes',
  'scheduleCapacity',
  'scheduleDailyCap',
  'schedulePriorityShare',
  'scheduleReleaseLead',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  code: RefusalCode;
  params?: RefusalParams;
}
export type RefusalParams = Readonly<Record<string, string | number | Refusal>>;

export function refusal(code: RefusalCode, params?: RefusalParams): Refusal {
  return params ? { code, params } : { code };
}

/** A refusal of one field, by its path in the input. */
export interface FieldRefusal {
  field: string;
  refusal: Refusal;
}

/** `a, b, c` in the reader's language (`、` in Chinese); `joiner` picks the comma or the semicolon. */
export function listOf(
  items: readonly (string | Refusal)[],
  joiner: 'listComma' | 'listSemicolon' = 'listComma',
): string | Refusal {
  if (items.length === 0) return '';
  const [first, ...rest] = items;
  return rest.length === 0 ? first : { code: joiner, params: { first, rest: listOf(rest, joiner) } };
}
