// The session cookie at the edge: a made-up token buys no more than no token (its body is never
// read), and a malformed one (truncated, upper case, a byte that is not UTF-8) is a plain 401 that
// never reaches identity.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startStack } from './stack.mjs';
import { adminClient, newUser } from './fixtures.mjs';
import { open, waitFor, statuses, portOf } from './raw_http.mjs';

let stack;
let port;
before(async () => {
  stack = await startStack({ services: ['identity'] });
  port = portOf(stack.url);
});
after(async () => { await stack?.stop(); });

/** Sends a request header (and no body) with the raw bytes of `cookie`; resolves to the socket. */
async function sendHeader(requestLine, cookie, extra = '') {
  const s = await open(port);
  s.write(Buffer.concat([
    Buffer.from(`${requestLine}\r\nHost: x\r\n${extra}Cookie: sessionid=`, 'latin1'),
    cookie,
    Buffer.from('; csrftoken=abc\r\n\r\n', 'latin1'),
  ]));
  return s;
}

test('a made-up session token is refused from the header; its body is never read', async () => {
  const madeUp = Buffer.from(randomBytes(32).toString('hex'));
  const s = await sendHeader('POST /api/core/users/ HTTP/1.1', madeUp,
    'Content-Type: application/json\r\nX-CSRFToken: abc\r\nContent-Length: 1048576\r\n');
  // A gateway that waited for the megabyte would answer nothing.
  assert.ok(await waitFor(s, /^HTTP\/1\.1 401 [^]*\r\n\r\n\{"error"/), s.received);
  assert.deepEqual(statuses(s.received), [401]);
  s.destroy();
});

test('a live session still sends its body and is served', async () => {
  const admin = await adminClient(stack);
  const user = await newUser(stack, admin);  // a POST with a body, from the admin's session
  assert.equal((await user.get('/api/auth/user/')).status, 200);
});

test('a malformed session cookie is 401 on every signed-in route, logout included', async () => {
  const malformed = [
    Buffer.concat([Buffer.from('abc'), Buffer.from([0xff])]),
    Buffer.concat([Buffer.from('a'.repeat(63)), Buffer.from([0xff])]),
    Buffer.from('a'.repeat(63)),
    Buffer.from('A'.repeat(64)),
  ];
  for (const cookie of malformed) {
    for (const line of ['GET /api/auth/user/ HTTP/1.1', 'POST /api/auth/logout/ HTTP/1.1']) {
      const extra = line.startsWith('POST') ? 'X-CSRFToken: abc\r\nContent-Length: 0\r\n' : '';
      const s = await sendHeader(line, cookie, extra);
      assert.ok(await waitFor(s, /\r\n\r\n\{[^]*\}/), `${line} ${cookie.toString('hex')}: ${s.received}`);
      assert.deepEqual(statuses(s.received), [401], `${line} ${cookie.toString('hex')}`);
      s.destroy();
    }
  }
  for (const binary of ['gateway', 'identity']) {
    assert.doesNotMatch(stack.logOf(binary), /libprotobuf|invalid UTF-8/, `${binary}'s log`);
  }
});
