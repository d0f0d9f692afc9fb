// Starts the built gateway by itself, for what needs no service behind it (its OpenAPI
// description): loopback, a port the kernel picks, every upstream pointing at a closed port.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { binaryPath, freePort } from '../integration/stack.mjs';

const START_TIMEOUT_MS = 20000;

/** Resolves with {url, stop()} once the gateway listens. */
export async function startGatewayAlone() {
  const nowhere = '127.0.0.1:1';
  const child = spawn(binaryPath('gateway'), [], {
    env: {
      PATH: process.env.PATH,
      SANPLANE_HTTP_ADDR: '127.0.0.1',
      SANPLANE_HTTP_PORT: '0',
      // Not the default 0.0.0.0:9100, which a gateway run on this machine may hold.
      SANPLANE_METRICS_ADDR: `127.0.0.1:${await freePort()}`,
      SANPLANE_IDENTITY_ADDR: nowhere,
      SANPLANE_PRESENCE_ADDR: nowhere,
      SANPLANE_SAN_ADDR: nowhere,
      SANPLANE_STORAGE_ADDR: nowhere,
      SANPLANE_LOG_LEVEL: 'info',
      // Required to start; nothing is signed here, as no service is behind it.
      SANPLANE_PRINCIPAL_KEY: randomBytes(32).toString('base64'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the gateway did not start listening in time')), START_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${code} before listening`)));
    // One JSON log line per event; "listening" names the port the kernel chose.
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const entry = JSON.parse(line);
        if (entry.msg === 'listening') { clearTimeout(timer); resolve(entry.port); }
      } catch { /* not a log line */ }
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The OpenAPI description the built gateway serves: {document, text}. */
export async function fetchDescription() {
  const gateway = await startGatewayAlone();
  try {
    const res = await fetch(`${gateway.url}/api/openapi.json`);
    if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`);
    const text = await res.text();
    return { document: JSON.parse(text), text };
  } finally {
    await gateway.stop();
  }
}
