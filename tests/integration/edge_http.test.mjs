// The public HTTP port against hostile requests: bodies the gateway must not buffer, smuggling by
// ambiguous framing, malformed headers, the browser security headers, what the UI directory may
// serve, and /metrics kept off the public port.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startStack } from './stack.mjs';
import { open, waitFor, closedWithin, exchange, statuses, portOf } from './raw_http.mjs';

let stack;
let port;
before(async () => {
  // Only the gateway: everything here is decided before any service is asked.
  stack = await startStack({ services: [], env: { SANPLANE_MAX_CONNECTIONS_PER_ADDRESS: '1000' } });
  port = portOf(stack.url);
});
after(async () => { await stack?.stop(); });

const rssKiB = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);

test('anonymous bodies for a protected route are refused from the header, never buffered', async () => {
  const pid = stack.process('gateway').pid;
  const body = Buffer.alloc(1 << 20, 'a');
  const header = 'POST /api/core/users/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    `Content-Length: ${body.length}\r\n\r\n`;
  const before = rssKiB(pid);
  const sockets = await Promise.all(Array.from({ length: 300 }, () => open(port)));
  for (const s of sockets) s.write(header);
  // Answered without the body: a gateway that waited for it would answer none of these.
  const answered = await Promise.all(sockets.map((s) => waitFor(s, /^HTTP\/1\.1 401 [^]*\r\n\r\n\{"error"/)));
  assert.equal(answered.filter(Boolean).length, 300);
  // Senders that push the body anyway cost the gateway a small discard buffer, not the body.
  for (const s of sockets) s.write(body);
  await Promise.all(sockets.map((s) => closedWithin(s, 5000)));
  const grown = rssKiB(pid) - before;
  // 300 buffered bodies would be 300 MiB; discarding them costs a few.
  assert.ok(grown < 48 * 1024, `RSS grew by ${grown} KiB`);
  for (const s of sockets) s.destroy();
});

test('bodies for unknown routes, wrong methods and over the size limit are refused from the header', async () => {
  const cases = [
    ['POST /api/no-such-thing/ HTTP/1.1', 404],
    ['DELETE /api/auth/login/ HTTP/1.1', 405],
    ['POST /index.html HTTP/1.1', 405],
  ];
  for (const [line, status] of cases) {
    const s = await open(port);
    s.write(`${line}\r\nHost: x\r\nContent-Length: 100000\r\n\r\n`);
    assert.ok(await waitFor(s, /\r\n\r\n/), `${line}: answered before the body`);
    assert.deepEqual(statuses(s.received), [status], line);
    s.destroy();
  }
  const s = await open(port);
  s.write('POST /api/auth/login/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2000000000\r\n\r\n');
  assert.ok(await waitFor(s, /\r\n\r\n/));
  assert.deepEqual(statuses(s.received), [413]);
  s.destroy();
});

test('ambiguous framing is refused and the smuggled request behind it never answered', async () => {
  const smuggled = '0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
  const framings = [
    'Transfer-Encoding: chunked, identity',
    'Transfer-Encoding: gzip',
    'Transfer-Encoding: xchunked',
    'Transfer-Encoding: chunked\r\nTransfer-Encoding: identity',
    `Transfer-Encoding: chunked\r\nContent-Length: ${smuggled.length}`,
    `Content-Length: ${smuggled.length}\r\nTransfer-Encoding: chunked`,
  ];
  for (const framing of framings) {
    const text = await exchange(port,
      `POST /api/auth/login/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${framing}\r\n\r\n${smuggled}`);
    assert.deepEqual(statuses(text), [400], `${JSON.stringify(framing)}: ${text}`);
    assert.doesNotMatch(text, /"status":"ok"/);
  }
});

test('a request without Host or with an over-long target is refused', async () => {
  assert.deepEqual(statuses(await exchange(port, 'GET /healthz HTTP/1.1\r\n\r\n')), [400]);
  assert.deepEqual(statuses(await exchange(port, 'GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n')), [400]);
  // HTTP/1.0 has no Host requirement.
  assert.deepEqual(statuses(await exchange(port, 'GET /healthz HTTP/1.0\r\n\r\n')), [200]);
  const long = `GET /healthz?q=${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\n\r\n`;
  assert.deepEqual(statuses(await exchange(port, long)), [414]);
});

test('media types compare case-insensitively', async () => {
  const login = (type) => 'POST /api/auth/login/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n' +
    `Content-Type: ${type}\r\nContent-Length: 2\r\n\r\n{}`;
  // No identity service runs here: a body the gateway accepts as JSON goes on to a 400/503, one it
  // refuses by its media type is a 415.
  const [mixedCase] = statuses(await exchange(port, login('Application/JSON; charset=UTF-8')));
  assert.notEqual(mixedCase, 415);
  assert.deepEqual(statuses(await exchange(port, login('text/plain'))), [415]);
});

test('every answer carries the security headers', async () => {
  const page = readFileSync(new URL('../../gateway/web/index.html', import.meta.url), 'utf8');
  for (const path of ['/', '/healthz', '/nope', '/api/customers/', '/js/app.js']) {
    const res = await fetch(`${stack.url}${path}`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer', path);
    const csp = res.headers.get('content-security-policy');
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/, path);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, path);
  }
  assert.match(page, /<script type="importmap">/, 'the hash in the policy is for the import map');
  // Refusals written by the HTTP layer itself carry them too.
  const refused = await exchange(port, 'GET /healthz HTTP/1.1\r\n\r\n');
  assert.match(refused, /\r\nX-Frame-Options: DENY\r\n/i);
});

test('only the UI files are served from the web directory', async () => {
  for (const path of ['/', '/index.html', '/styles.css', '/js/app.js',
    '/node_modules/preact/dist/preact.module.js', '/node_modules/htm/dist/htm.module.js']) {
    assert.equal((await fetch(`${stack.url}${path}`)).status, 200, path);
  }
  for (const path of ['/package.json', '/package-lock.json', '/node_modules/preact/package.json',
    '/node_modules/preact/README.md', '/node_modules/preact/src/index.d.ts', '/node_modules/.package-lock.json']) {
    assert.equal((await fetch(`${stack.url}${path}`)).status, 404, path);
  }
});

test('/metrics is served on the metrics address, not the public port', async () => {
  assert.equal((await fetch(`${stack.url}/metrics`)).status, 404);
  assert.match(await stack.scrape('sanplane-gateway'), /sanplane_http_requests_total/);
});
