// The Nest CLI workspace as a fresh clone uses it: `nest build <app>` gives a runnable app holding only its own
// code, and `nest start gateway --watch` restarts on a change. Each case works on its own copy of the sources
// and configuration in a temporary folder (node_modules linked in), so neither the builds nor the change the
// watch case makes can disturb other test files running from this checkout.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, freePort } from '#libs/testing/src/index.js';

const ROOT = process.cwd();
const NEST = join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js');
const CONFIG_FILES = ['nest-cli.json', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

// Processes and databases of one case, stopped and dropped after it; temporary folders, after the file.
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});
const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The workspace's sources and configuration, without tests or built consoles, in a temporary folder. */
async function workspaceCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cks-nest-'));
  folders.push(dir);
  for (const file of CONFIG_FILES) await cp(join(ROOT, file), join(dir, file));
  const sourcesOnly = (src: string) => !/[\\/](public|test)$/.test(src) && !/\.(e2e-)?spec\.ts$/.test(src);
  for (const folder of ['apps', 'libs'])
    await cp(join(ROOT, folder), join(dir, folder), { recursive: true, filter: sourcesOnly });
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // The consoles' bundle is not this test's subject: the gateway gets a folder of one page.
  await mkdir(join(dir, 'consoles'));
  await writeFile(join(dir, 'consoles/index.html'), '<!doctype html><title>Cửa khẩu số</title>\n');
  return dir;
}

/** A process of the copy, its output kept; stopped (SIGTERM to its group, then SIGKILL) at the end of the case. */
function start(dir: string, args: string[], env: Record<string, string>, stopAfterCase = true) {
  const output: string[] = [];
  const child = spawn(process.execPath, args, {
    cwd: dir,
    // Only what a deployment would give it: none of Jest's NODE_OPTIONS or test settings.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that stopping it reaches what it started (the app under `nest start`).
    detached: true,
  });
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  if (child.pid) running.add(child.pid);
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      running.delete(child.pid!);
      r(code);
    }),
  );
  if (stopAfterCase) cleanups.push(() => stop(child, exited));
  return { child, exited, output: () => output.join('') };
}

// Should Jest end mid-case, nothing started here outlives it.
const running = new Set<number>();
process.once('exit', () => {
  for (const pid of running) killGroup(pid, 'SIGKILL');
});

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function stop(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const pid = child.pid;
  killGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function nestBuild(dir: string, app: string): Promise<void> {
  const build = start(dir, [NEST, 'build', app], {}, false);
  const code = await build.exited;
  if (code !== 0) throw new Error(`nest build ${app} exited with ${code}:\n${build.output().slice(-4000)}`);
}

/** Waits until /api/health/live answers 200 and `ready` holds; fails at once if the process exits. */
async function waitUntilLive(
  port: number,
  proc: { child: ChildProcess; output(): string },
  ready: () => boolean = () => true,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null)
      throw new Error(`exited (${proc.child.exitCode ?? proc.child.signalCode}):\n${proc.output().slice(-4000)}`);
    if (ready()) {
      const res = await fetch(`http://127.0.0.1:${port}/api/health/live`, { signal: AbortSignal.timeout(1000) }).catch(
        () => null,
      );
      if (res?.ok) return;
    }
    if (Date.now() > deadline) throw new Error(`not live after ${timeoutMs} ms:\n${proc.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The environment of one service alone on its own fresh database, as in the production shape. */
async function serviceEnv(dir: string, label: string): Promise<{ port: number; env: Record<string, string> }> {
  const db = await createTestDatabase(label);
  cleanups.push(() => db.drop());
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    env: {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: db.url,
      JWT_SECRET: randomBytes(24).toString('hex'),
      INTERNAL_TOKEN: randomBytes(12).toString('hex'),
      DATA_DIR: join(dir, '.data'),
      CONSOLES_DIR: join(dir, 'consoles'),
      PUBLIC_ORIGIN: origin,
      LOG_LEVEL: 'warn',
    },
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String);
}

it('nest-cli.json has a project for every app and lib, each with its own tsconfig', async () => {
  const config = JSON.parse(await readFile(join(ROOT, 'nest-cli.json'), 'utf8')) as {
    projects: Record<string, { type: string; root: string; compilerOptions: { tsConfigPath: string } }>;
  };
  const subfolders = async (kind: string) =>
    (await readdir(join(ROOT, kind), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  for (const [kind, type, tsconfig] of [
    ['apps', 'application', 'tsconfig.app.json'],
    ['libs', 'library', 'tsconfig.lib.json'],
  ])
    for (const name of await subfolders(kind)) {
      expect({ name, ...config.projects[name] }).toMatchObject({ name, type, root: `${kind}/${name}` });
      const path = config.projects[name].compilerOptions.tsConfigPath;
      expect(path).toBe(`${kind}/${name}/${tsconfig}`);
      await expect(readFile(join(ROOT, path), 'utf8')).resolves.toContain('"extends": "../../tsconfig.build.json"');
    }
});

const APPS = ['declaration', 'yard-queue', 'gateway'];
// The three builds run side by side, each on its own copy; each case below waits for its own.
const builds = new Map<string, Promise<string>>();
async function buildCopy(app: string): Promise<string> {
  const dir = await workspaceCopy();
  await nestBuild(dir, app);
  return dir;
}
beforeAll(async () => {
  for (const app of APPS) builds.set(app, buildCopy(app));
  await Promise.allSettled(builds.values());
}, 150_000);

describe.each(APPS)('nest build %s', (app) => {
  it('produces a runnable ES-module app with only its own code and the swagger plugin applied', async () => {
    const dir = await builds.get(app)!;

    // Only this app and the libs it imports: no other app's code goes into its image.
    expect(await readdir(join(dir, 'dist/apps'))).toEqual([app]);
    const built = await filesUnder(join(dir, 'dist'));
    expect(built).toContain(`apps/${app}/src/main.js`);
    expect(built.some((f) => f.startsWith('libs/testing/'))).toBe(false);
    const code = new Map<string, string>();
    for (const f of built.filter((f) => f.endsWith('.js'))) code.set(f, await readFile(join(dir, 'dist', f), 'utf8'));
    // ES modules throughout: nothing the compiler or the plugin emitted calls CommonJS `require`.
    expect([...code].filter(([, text]) => /\brequire\(/.test(text)).map(([f]) => f)).toEqual([]);
    const dtos = [...code].filter(([f]) => f.endsWith('.dto.js'));
    expect(dtos.length).toBeGreaterThan(0);
    expect(dtos.some(([, text]) => text.includes('_OPENAPI_METADATA_FACTORY'))).toBe(true);

    const { port, env } = await serviceEnv(dir, `nest_build_${app}`);
    const proc = start(dir, [`dist/apps/${app}/src/main.js`], env);
    await waitUntilLive(port, proc);
    // The OpenAPI document is built at start from the plugin's metadata.
    const docs = await fetch(`http://127.0.0.1:${port}/api/docs-json`);
    expect(docs.status).toBe(200);
    expect(Object.keys(((await docs.json()) as { paths: object }).paths).length).toBeGreaterThan(1);
  }, 150_000);
});

it('`nest start gateway --watch` restarts the gateway on a source change, running the new code', async () => {
  const dir = await workspaceCopy();
  const { port, env } = await serviceEnv(dir, 'nest_watch_gateway');
  const proc = start(dir, [NEST, 'start', 'gateway', '--watch', '--no-shell', '--preserveWatchOutput'], env);
  await waitUntilLive(port, proc);

  const marker = `changed-${randomBytes(6).toString('hex')}`;
  await appendFile(join(dir, 'apps/gateway/src/main.ts'), `\nprocess.stdout.write('${marker}\\n');\n`);
  // The marker is printed by the restarted process once it listens; the one started before the change never had it.
  await waitUntilLive(port, proc, () => proc.output().includes(marker));
}, 200_000);
