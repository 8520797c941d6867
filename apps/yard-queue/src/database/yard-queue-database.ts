export const YARD_QUEUE_DB = 'yard_queue';
