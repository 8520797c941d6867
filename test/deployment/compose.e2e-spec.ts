import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// The production shape is validated offline with docker-compose's own parser (no engine needed);
// .ci/run installs the client (Debian package docker-compose).
const SECRETS = {
  POSTGRES_PASSWORD: 'pw',
  JWT_SECRET: 'j'.repeat(40),
  INTERNAL_TOKEN: 'internal',
  ADMIN_EMAIL: 'admin@cuakhau.vn',
  ADMIN_PASSWORD: 'admin-password',
};
const compose = (env: Record<string, string>, ...args: string[]) =>
  spawnSync('docker-compose', ['-f', 'docker/compose.yml', ...args], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });

it('has docker-compose available (install the docker-compose Debian package)', () => {
  expect(() => execFileSync('docker-compose', ['version'], { encoding: 'utf8' })).not.toThrow();
});

it('validates the compose file and resolves the production topology', () => {
  const res = compose(SECRETS, 'config');
  expect(res.stderr).not.toMatch(/invalid|error/i);
  expect(res.status).toBe(0);
  const cfg = res.stdout;
  for (const service of [
    'postgres:',
    'redis:',
    'declaration:',
    'yard-queue:',
    'statistics:',
    'notifications:',
    'gateway-1:',
    'gateway-2:',
    'proxy:',
  ])
    expect(cfg).toContain(`  ${service}`);
  expect(cfg.match(/APP: gateway/g)).toHaveLength(2);
  expect(cfg).toContain('DATABASE_URL: postgres://cks:pw@postgres:5432/cks');
  expect(cfg).toContain('pgdata');
});

it('refuses to start without its secrets', () => {
  for (const missing of Object.keys(SECRETS)) {
    const env = { ...SECRETS } as Record<string, string>;
    delete env[missing];
    const res = compose(env, 'config', '-q');
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain(missing);
  }
});

it('gives one origin with websocket upgrade and sticky routing to the gateway replicas', () => {
  const nginx = readFileSync('docker/nginx.conf', 'utf8');
  expect(nginx).toMatch(/upstream gateway \{\s*ip_hash;\s*server gateway-1:3000;\s*server gateway-2:3000;/);
  expect(nginx).toMatch(/location \/socket\.io\/ \{[^}]*Upgrade \$http_upgrade[^}]*Connection \$connection_upgrade/);
  expect(nginx).toContain('location /api/internal/ { return 404; }');
  expect(nginx).toContain('location = /metrics { return 404; }');
  const dockerfile = readFileSync('docker/Dockerfile', 'utf8');
  expect(dockerfile).toMatch(/^USER node$/m);
  expect(dockerfile).toContain('npm prune --omit=dev');
});

it('builds each image from its own app alone, with the Nest CLI (nest-build.e2e-spec runs that build)', () => {
  const dockerfile = readFileSync('docker/Dockerfile', 'utf8');
  expect(dockerfile).toContain('COPY apps/${APP} apps/${APP}');
  expect(dockerfile).not.toMatch(/^COPY apps apps$/m);
  expect(dockerfile).toContain('npx nest build "$APP"');
  // The runtime stage takes the build's output and production dependencies, never the source tree.
  const runtime = dockerfile.slice(dockerfile.indexOf(' AS runtime'));
  expect(runtime).not.toMatch(/^COPY .*\bapps\b/m);
  expect(runtime).toContain('COPY --from=production-deps');
});
