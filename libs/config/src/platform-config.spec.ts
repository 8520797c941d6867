import { ConfigError, loadPlatformConfig, loadSimulatorSettings } from './platform-config.js';

// Everything a service reads from the environment goes through here: defaults, parsing and refusals.
const base = { DATABASE_URL: 'postgres://x@127.0.0.1/db', JWT_SECRET: 's'.repeat(32), INTERNAL_TOKEN: 't' };
const load = (env: Record<string, string> = {}) => loadPlatformConfig({ ...base, ...env });

it('has a default for every setting', () => {
  const c = load();
  expect(c.live).toMatchObject({ heartbeatMs: 5000, messageRate: 10, messageBurst: 30, adapterChannel: 'cks-live' });
  expect(c.live.redisUrl).toBeUndefined();
  expect(c.log).toEqual({ level: 'info', requests: false, service: undefined });
  expect(c).toMatchObject({ host: '127.0.0.1', queueSweeper: true, outboxRelay: true });
  expect(c.simulate).toEqual({ enabled: false, speed: 1 });
  expect(c.consolesDir).toMatch(/apps\/gateway\/public$/);
});

it('reads the live queue, logging, sweeper and simulator settings', () => {
  const c = load({
    LIVE_HEARTBEAT_MS: '1000',
    LIVE_MESSAGE_BURST: '5',
    REDIS_URL: 'redis://cache:6379',
    LOG_LEVEL: 'verbose',
    LOG_REQUESTS: 'true',
    SERVICE_NAME: 'gateway',
    QUEUE_SWEEPER: 'off',
    OUTBOX_RELAY: 'off',
    HOST: '0.0.0.0',
    CONSOLES_DIR: '/srv/consoles',
    SIMULATE: 'true',
    SIMULATE_SPEED: '3',
  });
  expect(c.live).toMatchObject({ heartbeatMs: 1000, messageBurst: 5, redisUrl: 'redis://cache:6379' });
  expect(c.log).toEqual({ level: 'trace', requests: true, service: 'gateway' });
  expect(c).toMatchObject({ queueSweeper: false, outboxRelay: false, host: '0.0.0.0', consolesDir: '/srv/consoles' });
  expect(c.simulate).toEqual({ enabled: true, speed: 3 });
  expect(load({ NODE_ENV: 'test' }).log.level).toBe('error');
});

it.each([
  ['LIVE_HEARTBEAT_MS', '50'],
  ['LIVE_MESSAGE_RATE', 'fast'],
  ['LIVE_ADAPTER_CHANNEL', 'a b'],
  ['REDIS_URL', 'http://cache'],
  ['LOG_LEVEL', 'loud'],
  ['LOG_REQUESTS', 'yes'],
  ['QUEUE_SWEEPER', 'maybe'],
  ['SIMULATE_SPEED', '0'],
])('refuses %s=%s at boot', (name, value) => {
  expect(() => load({ [name]: value })).toThrow(ConfigError);
});

it('gives the standalone simulator its own settings, without the platform secrets', () => {
  expect(loadSimulatorSettings({})).toEqual({ url: 'http://127.0.0.1:3000', speed: 1 });
  expect(loadSimulatorSettings({ PORT: '4000', SIMULATE_SPEED: '2' })).toEqual({
    url: 'http://127.0.0.1:4000',
    speed: 2,
  });
  expect(loadSimulatorSettings({ SIMULATE_URL: 'https://demo.example.vn' }).url).toBe('https://demo.example.vn');
  expect(() => loadSimulatorSettings({ SIMULATE_URL: 'demo' })).toThrow(ConfigError);
});
