// Webhooks for firms' own systems: the event vocabulary, which change is which event, where they may go.
export * from './webhook-events.js';
