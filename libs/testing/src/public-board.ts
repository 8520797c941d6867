/**
 * Every field a public board entry may carry, on every channel (the REST board and the socket board view).
 * The board is read by anyone: a field added to it must be reviewed for privacy and added here by hand.
 */
export const PUBLIC_BOARD_FIELDS: readonly string[] = [
  'direction',
  'eta',
  'id',
  'plate',
  'position',
  'priorityClass',
  'status',
  'window',
];
