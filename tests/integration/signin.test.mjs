// Sign-in as an attacker would try it: guessing one account's password to lock its owner out,
// spraying passwords across usernames from one address, credentials in the URL, and a stolen
// session that should not survive a password change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { startStack } from './stack.mjs';
import { Client } from './client.mjs';
import { adminClient, newUser } from './fixtures.mjs';
import { validatorFor } from '../openapi/response_validator.mjs';

let stack;
let admin;

before(async () => {
  // A first wait long enough that no test races it; the rules themselves are the defaults.
  stack = await startStack({ services: ['identity'], env: { SANPLANE_LOGIN_FIRST_DELAY_MS: '30000' } });
  admin = await adminClient(stack);
});
after(async () => { await stack?.stop(); });

/** POST a JSON body from a chosen local address (127.0.0.0/8 is all loopback on Linux). */
async function postFrom(localAddress, path, body) {
  const validator = await validatorFor(stack.url);
  const url = new URL(path, stack.url);
  const payload = JSON.stringify(body);
  const res = await new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      localAddress,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
  res.body = res.text ? JSON.parse(res.text) : null;
  validator.check('POST', path, res.status, res.body);
  return res;
}

async function loginFailures(reason) {
  const text = await stack.scrape('sanplane-identity');
  const line = text.split('\n').find((l) => l.startsWith(`sanplane_login_failures_total{reason="${reason}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

test('wrong passwords for admin from one address do not lock admin out elsewhere', async () => {
  for (let i = 0; i < 5; i++) {
    const wrong = await postFrom('127.0.0.2', '/api/auth/login/', { username: 'admin', password: `guess-${i}-pw` });
    assert.ok([401, 429].includes(wrong.status), `attempt ${i}: ${wrong.status}`);
  }
  // The guessing address is slowed down for admin, with a time to come back...
  const slowed = await postFrom('127.0.0.2', '/api/auth/login/', stack.admin);
  assert.equal(slowed.status, 429);
  assert.deepEqual(Object.keys(slowed.body).sort(), ['error', 'retry_after']);
  assert.ok(Number(slowed.headers['retry-after']) >= 1, JSON.stringify(slowed.headers));
  // ...and the owner, from another address, signs in at once.
  const owner = await postFrom('127.0.0.1', '/api/auth/login/', stack.admin);
  assert.equal(owner.status, 200, JSON.stringify(owner.body));
  assert.ok(await loginFailures('bad_password') >= 3);
  assert.ok(await loginFailures('throttled') >= 1);
});

test('one address trying many usernames is stopped after the per-address budget', async () => {
  const statuses = [];
  for (let i = 0; i < 15; i++) {
    const res = await postFrom('127.0.0.3', '/api/auth/login/', { username: `spray-${i}`, password: 'Winter2026!' });
    statuses.push(res.status);
    if (res.status === 429) {
      assert.ok(Number(res.headers['retry-after']) >= 1 && Number(res.headers['retry-after']) <= 60);
      assert.equal(res.body.error, 'Too many failed login attempts. Try again later.');
    }
  }
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
  assert.deepEqual(statuses.slice(10), Array(5).fill(429));
  // Any username, the right password included: this address waits out its minute.
  assert.equal((await postFrom('127.0.0.3', '/api/auth/login/', stack.admin)).status, 429);
  // Other addresses are not affected.
  assert.equal((await postFrom('127.0.0.4', '/api/auth/login/', stack.admin)).status, 200);
});

test('a client cannot choose the address it is counted under', async () => {
  // X-Forwarded-For is trusted only from configured proxies, and the body field is the gateway's.
  const client = new Client(stack.url);
  for (let i = 0; i < 4; i++) {
    const res = await client.post('/api/auth/login/',
      { username: 'nobody-xff', password: 'guess-pw-1', client_address: `203.0.113.${i}` },
      { headers: { 'X-Forwarded-For': `198.51.100.${i}`, 'X-Sanplane-Peer-Address': `192.0.2.${i}` } });
    assert.ok([401, 429].includes(res.status));
  }
  const slowed = await client.post('/api/auth/login/', { username: 'nobody-xff', password: 'guess-pw-1' });
  assert.equal(slowed.status, 429);
});

test('credentials in the query string are refused, even with a body', async () => {
  const client = new Client(stack.url);
  const query = `?username=admin&password=${encodeURIComponent(stack.admin.password)}`;
  const res = await client.post(`/api/auth/login/${query}`, stack.admin);
  assert.equal(res.status, 400);
  assert.match(res.body.error, /only in the JSON body/);
  assert.ok(!client.cookies.has('sessionid'));
  const onlyPassword = await client.post('/api/auth/login/?password=x', stack.admin);
  assert.equal(onlyPassword.status, 400);
});

/** Polls `path` until it answers `status`, for at most `ms` (the gateway's session cache is 3 s). */
async function eventually(client, path, status, ms = 4500) {
  const start = Date.now();
  let last;
  do {
    last = await client.get(path);
    if (last.status === status) return last;
    await new Promise((r) => setTimeout(r, 200));
  } while (Date.now() - start < ms);
  return last;
}

test('changing a password ends every other session of the user, not the one that changed it', async () => {
  const alice = await newUser(stack, admin);
  const other = new Client(stack.url);
  await other.login(alice.user.username, alice.password);
  assert.equal((await other.get('/api/auth/user/')).status, 200);  // cached by the gateway now

  const changed = await alice.post(`/api/core/users/${alice.user.id}/change-password/`,
    { current_password: alice.password, new_password: 'alice-new-password' });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.equal((await eventually(other, '/api/auth/user/', 401)).status, 401);
  assert.equal((await alice.get('/api/auth/user/')).status, 200);

  // An administrator's reset ends all of them, the user's own included.
  const third = new Client(stack.url);
  await third.login(alice.user.username, 'alice-new-password');
  const reset = await admin.post(`/api/core/users/${alice.user.id}/change-password/`,
    { new_password: 'alice-reset-password' });
  assert.equal(reset.status, 200, JSON.stringify(reset.body));
  assert.equal((await eventually(alice, '/api/auth/user/', 401)).status, 401);
  assert.equal((await eventually(third, '/api/auth/user/', 401)).status, 401);
  assert.equal((await admin.get('/api/auth/user/')).status, 200);
});
