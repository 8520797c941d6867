export * from './tariff.js';
