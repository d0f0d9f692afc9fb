// Starts a private sanplane stack for a test file: PostgreSQL and Redis on free loopback ports
// (deploy/local/stores.sh), every service binary that has been built, and the gateway. Ports are
// chosen by the kernel, so test files can run side by side.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, openSync, readFileSync, chmodSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const buildDir = process.env.SANPLANE_BUILD_DIR
  ? resolve(process.env.SANPLANE_BUILD_DIR)
  : join(repoRoot, 'build');
const storesScript = join(repoRoot, 'deploy', 'local', 'stores.sh');

// The services in start order (presence and san call identity; san calls storage).
/**
 * GET /metrics on a connection of its own. The exposer closes each connection after one answer
 * without saying so (no `Connection: close`), so a client that pools connections (fetch) may send
 * its next request on one that is closing, and fail.
 */
function scrapeMetrics(target) {
  const [host, port] = target.split(':');
  return new Promise((resolvePage, reject) => {
    httpGet({ host, port: Number(port), path: '/metrics', agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => (res.statusCode === 200
        ? resolvePage(text)
        : reject(new Error(`GET ${target}/metrics answered ${res.statusCode}`))));
      res.on('error', reject);
    }).on('error', reject);
  });
}

export const SERVICES = ['identity', 'storage', 'presence', 'san'];

export function binaryPath(name) {
  return name === 'gateway'
    ? join(buildDir, 'gateway', 'sanplane-gateway')
    : join(buildDir, 'services', name, `sanplane-${name}`);
}

export async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tcpOpen(port) {
  return new Promise((resolveOpen) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolveOpen(true); });
    socket.once('error', () => resolveOpen(false));
  });
}

async function waitFor(what, check, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function parseExports(text) {
  const env = {};
  for (const line of text.split('\n')) {
    const m = line.match(/^export (\w+)=(?:'(.*)'|(.*))$/);
    if (m) env[m[1]] = m[2] ?? m[3];
  }
  return env;
}

/**
 * options.env: extra environment for every binary (e.g. SANPLANE_PRESENCE_WINDOW_SECONDS).
 * options.services: which services to start (default: every built one).
 * options.durableStores: Postgres and Redis as `make run` runs them (fsync, append-only file).
 */
export async function startStack(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sanplane-test-'));
  chmodSync(dir, 0o755);  // Postgres runs as its own user and must reach its data folder
  const storesDir = join(dir, 'stores');
  // Thrown away after the file's tests, so no fsync and no persistence unless a test asks.
  const storesEnv = { ...process.env, SANPLANE_STORES_DURABILITY: options.durableStores ? 'durable' : 'throwaway' };
  const stores = parseExports(execFileSync('bash', [storesScript, 'start', storesDir], { encoding: 'utf8', env: storesEnv }));
  const adminPassword = randomBytes(12).toString('hex');
  // Every binary of one stack shares one key, as in a cluster; each stack makes its own.
  const principalKey = randomBytes(32).toString('base64');
  // The test Postgres trusts local connections, so this password is not checked; it is in the DSN
  // so that tests can show no binary ever logs it.
  const pgPassword = randomBytes(12).toString('hex');
  const pgDsn = `${stores.SANPLANE_PG_DSN} password=${pgPassword}`;
  const wanted = (options.services ?? SERVICES).filter((s) => existsSync(binaryPath(s)));

  // Ports are chosen when a binary first starts. A port found free can still be taken before the
  // binary binds it (any outgoing connection may get it), so a first start that fails retries on
  // new ports; a restart keeps its ports, which the others already point at.
  const ports = {};
  // Services not built point at a port nothing listens on: their routes answer 503.
  const addressOf = (name) => `127.0.0.1:${ports[name]?.grpc ?? 1}`;
  const envFor = (name) => {
    const env = {
      PATH: process.env.PATH,
      // `make sanitize` runs sanitized binaries: their options reach every one of them.
      ...Object.fromEntries(['ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS']
        .filter((key) => process.env[key] !== undefined).map((key) => [key, process.env[key]])),
      SANPLANE_LOG_LEVEL: process.env.SANPLANE_LOG_LEVEL ?? 'warn',
      SANPLANE_PG_DSN: pgDsn,
      SANPLANE_REDIS_ADDR: stores.SANPLANE_REDIS_ADDR,
      SANPLANE_REDIS_USERNAME: stores.SANPLANE_REDIS_USERNAME,
      SANPLANE_REDIS_PASSWORD: stores.SANPLANE_REDIS_PASSWORD,
      SANPLANE_REDIS_TLS: stores.SANPLANE_REDIS_TLS,
      SANPLANE_REDIS_TLS_CA_FILE: stores.SANPLANE_REDIS_TLS_CA_FILE,
      SANPLANE_ADMIN_PASSWORD: adminPassword,
      SANPLANE_PRINCIPAL_KEY: principalKey,
      SANPLANE_IDENTITY_ADDR: addressOf('identity'),
      SANPLANE_PRESENCE_ADDR: addressOf('presence'),
      SANPLANE_SAN_ADDR: addressOf('san'),
      SANPLANE_STORAGE_ADDR: addressOf('storage'),
      SANPLANE_WEB_ROOT: join(repoRoot, 'gateway', 'web'),
      ...options.env,
    };
    if (name === 'gateway') {
      env.SANPLANE_HTTP_ADDR = '127.0.0.1';
      env.SANPLANE_HTTP_PORT = String(ports.gateway.grpc);
      env.SANPLANE_METRICS_ADDR = `127.0.0.1:${ports.gateway.metrics}`;
      // Every test client is 127.0.0.1, and some tests send hundreds of requests a second on
      // purpose: the per-address rate limit is tested on its own (edge_limits), lifted elsewhere.
      env.SANPLANE_RATE_LIMIT_PER_SECOND ??= '1000000';
      env.SANPLANE_RATE_LIMIT_BURST ??= '1000000';
    } else {
      env.SANPLANE_GRPC_ADDR = `127.0.0.1:${ports[name].grpc}`;
      env.SANPLANE_METRICS_ADDR = `127.0.0.1:${ports[name].metrics}`;
    }
    return env;
  };
  const processes = {};

  async function launch(name) {
    const log = openSync(join(dir, `${name}.log`), 'a');
    const child = spawn(binaryPath(name), [], { env: envFor(name), stdio: ['ignore', log, log] });
    const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    processes[name] = { child, exited };
    const failed = () => new Error(
      `${name} exited with ${child.exitCode}:\n${readFileSync(join(dir, `${name}.log`), 'utf8')}`);
    await waitFor(`${name} on port ${ports[name].grpc}`, async () => {
      if (child.exitCode !== null) throw failed();
      return tcpOpen(ports[name].grpc);
    });
    // The port answering may be someone else's: ours has not exited a moment later.
    await sleep(150);
    if (child.exitCode !== null) throw failed();
  }

  // Services call each other both ways (san asks identity and storage, identity and storage ask
  // san before deletes), so every port is chosen before the first start and each binary is told
  // every address. A first start that lost its port to someone else moves to new ports, and the
  // binaries already running are started again to learn them.
  const everStarted = new Set();
  async function startService(name) {
    const first = !everStarted.has(name);
    let moved = false;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) {
        ports[name] = { grpc: await freePort(), metrics: await freePort() };
        moved = true;
      }
      try {
        await launch(name);
        break;
      } catch (error) {
        if (!first || attempt >= 4) throw error;
      }
    }
    everStarted.add(name);
    if (moved) {
      for (const other of Object.keys(processes).filter((n) => n !== name)) {
        await stopService(other);
        await launch(other);
      }
    }
    // A restarted binary counts as started once the gateway is connected to it again.
    if (processes.gateway && wanted.length === SERVICES.length) await waitUntilReady();
  }

  /** Resolves once the gateway reports every upstream serving (ready, nothing degraded). */
  async function waitUntilReady() {
    await waitFor('gateway /readyz', async () => {
      try {
        const res = await fetch(`http://127.0.0.1:${ports.gateway.grpc}/readyz`);
        return res.status === 200 && (await res.json()).degraded === undefined;
      } catch { return false; }
    });
  }

  /** Sends `signal` and waits for the exit; returns {code, signal}. */
  async function stopService(name, signal = 'SIGTERM') {
    const entry = processes[name];
    if (!entry || entry.child.exitCode !== null) return entry ? entry.exited : null;
    entry.child.kill(signal);
    const result = await entry.exited;
    delete processes[name];
    return result;
  }

  // Whatever ends this process (a failed assertion, a killed test run), nothing is left running.
  const killEverything = () => {
    for (const { child } of Object.values(processes)) child.kill('SIGKILL');
    try {
      execFileSync('bash', [storesScript, 'stop', storesDir], { stdio: 'ignore' });
      execFileSync('bash', [storesScript, 'remove', storesDir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    } catch { /* best effort on the way out */ }
  };
  process.once('exit', killEverything);

  const chosen = new Set();
  const unusedFreePort = async () => {
    for (;;) {
      const port = await freePort();
      if (!chosen.has(port)) { chosen.add(port); return port; }
    }
  };
  for (const name of [...wanted, 'gateway']) {
    ports[name] = { grpc: await unusedFreePort(), metrics: await unusedFreePort() };
  }
  try {
    for (const name of wanted) await startService(name);
    await startService('gateway');
    if (wanted.length === SERVICES.length) await waitUntilReady();
  } catch (error) {
    await stop();
    throw error;
  }

  // Under `make sanitize` the binaries end as in production (SIGTERM, a clean exit), so the leak
  // check runs; any sanitizer report in a log fails the test file. Otherwise SIGKILL is faster.
  const sanitized = process.env.SANPLANE_SANITIZE === '1';
  async function stop() {
    process.removeListener('exit', killEverything);
    const names = Object.keys(processes).reverse();
    for (const name of names) await stopService(name, sanitized ? 'SIGTERM' : 'SIGKILL');
    const reports = sanitized
      ? [...everStarted].filter((name) => /Sanitizer|runtime error:/.test(readFileSync(join(dir, `${name}.log`), 'utf8')))
      : [];
    try { execFileSync('bash', [storesScript, 'stop', storesDir]); } catch { /* already down */ }
    if (reports.length > 0) {
      throw new Error(`sanitizer reports in the logs of ${reports.join(', ')}: see ${dir}`);
    }
    if (!process.env.SANPLANE_KEEP_TEST_DIR) {
      execFileSync('bash', [storesScript, 'remove', storesDir]);
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const redisPort = Number(stores.SANPLANE_REDIS_ADDR.split(':')[1]);
  const pgPort = Number(stores.SANPLANE_PG_DSN.match(/port=(\d+)/)[1]);
  /** job name -> host:port of its /metrics */
  const scrapeTargets = () => Object.fromEntries([
    ['sanplane-gateway', `127.0.0.1:${ports.gateway.metrics}`],
    ...wanted.map((s) => [`sanplane-${s}`, `127.0.0.1:${ports[s].metrics}`]),
  ]);
  return {
    url: `http://127.0.0.1:${ports.gateway.grpc}`,
    admin: { username: 'admin', password: adminPassword },
    /** What the gateway signs principals with (SANPLANE_PRINCIPAL_KEY). */
    principalKey,
    services: wanted,
    dir,
    pgDsn: stores.SANPLANE_PG_DSN,
    /** The secrets every binary was given: none may appear in a log. */
    secrets: { principalKey, pgPassword, redisPassword: stores.SANPLANE_REDIS_PASSWORD, adminPassword },
    grpcAddr: (name) => `127.0.0.1:${ports[name].grpc}`,
    scrapeTargets,
    /** The text of a job's /metrics (a key of scrapeTargets); a 200 or an error. */
    scrape: (job) => scrapeMetrics(scrapeTargets()[job]),
    logOf: (name) => readFileSync(join(dir, `${name}.log`), 'utf8'),
    process: (name) => processes[name]?.child,
    startService,
    stopService,
    /**
     * Runs `fn` while the service is stopped, and starts it again whatever `fn` does. Returns once
     * the other services can reach it again: their channels retry at most 1 s apart (1.2 s with
     * gRPC's jitter; common::MakeChannel), and until then a call to it fails fast.
     */
    async withServiceDown(name, fn) {
      await stopService(name);
      try {
        return await fn();
      } finally {
        await startService(name);
        await sleep(1300);
      }
    },
    stopRedis: () => execFileSync('bash', [storesScript, 'stop-redis', storesDir]),
    startRedis: () => execFileSync('bash', [storesScript, 'start-redis', storesDir, String(redisPort)]),
    /** SIGKILL to every Postgres process (no shutdown checkpoint), then a start on the same port. */
    crashPostgres: () => execFileSync('bash', [storesScript, 'signal-postgres', storesDir, 'KILL']),
    /** SIGSTOP / SIGCONT to every Postgres process: a database that stops answering, and returns. */
    freezePostgres: () => execFileSync('bash', [storesScript, 'signal-postgres', storesDir, 'STOP']),
    thawPostgres: () => execFileSync('bash', [storesScript, 'signal-postgres', storesDir, 'CONT']),
    startPostgres: () => execFileSync('bash', [storesScript, 'start-postgres', storesDir, String(pgPort)]),
    stop,
  };
}
