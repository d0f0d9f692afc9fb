// The foundation as a user meets it: sign-in, sessions, CSRF, presence, the gateway's limits, and
// Redis going away and coming back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { Client } from './client.mjs';
import { adminClient, newUser, newCustomer, newProject } from './fixtures.mjs';

let stack;
let admin;

before(async () => {
  stack = await startStack({ services: ['identity', 'presence'] });
  admin = await adminClient(stack);
});
after(async () => { await stack?.stop(); });

test('login answers the user and sets the session and CSRF cookies', async () => {
  const client = new Client(stack.url);
  const res = await client.post('/api/auth/login/', stack.admin);
  assert.equal(res.status, 200);
  assert.equal(res.body.message, 'Login successful');
  assert.deepEqual(Object.keys(res.body.user).sort(),
    ['email', 'first_name', 'id', 'is_superuser', 'last_name', 'username']);
  assert.equal(res.body.user.username, 'admin');
  assert.equal(res.body.user.is_superuser, true);
  assert.ok(!('session_token' in res.body) && !('csrf_token' in res.body));
  const cookies = res.headers.getSetCookie().join('\n');
  assert.match(cookies, /sessionid=[0-9a-f]{64}; Path=\/; SameSite=Lax; HttpOnly/);
  assert.match(cookies, /csrftoken=[0-9a-f]{64}; Path=\/; SameSite=Lax/);
  const me = await client.get('/api/auth/user/');
  assert.equal(me.status, 200);
  assert.equal(me.body.username, 'admin');
});

test('a wrong password is 401 with the API body; a missing field is 400', async () => {
  const client = new Client(stack.url);
  const wrong = await client.post('/api/auth/login/', { username: 'admin', password: 'nope-nope' });
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.body, { error: 'Invalid username or password' });
  const missing = await client.post('/api/auth/login/', { username: 'admin' });
  assert.equal(missing.status, 400);
  assert.equal(typeof missing.body.error, 'string');
});

test('logout ends the session at once', async () => {
  const user = await newUser(stack, admin);
  const cookies = new Map(user.cookies);
  assert.equal((await user.get('/api/auth/user/')).status, 200);
  const out = await user.post('/api/auth/logout/');
  assert.equal(out.status, 200);
  assert.deepEqual(out.body, { message: 'Logout successful' });
  const replay = new Client(stack.url);
  replay.cookies = cookies;  // the old cookie, as a stolen copy would be
  const res = await replay.get('/api/auth/user/');
  assert.equal(res.status, 401);
  assert.deepEqual(res.body, { error: 'Authentication required' });
});

test('heartbeat needs a session and answers in the seed shape', async () => {
  const anonymous = new Client(stack.url);
  const denied = await anonymous.post('/api/core/heartbeat/');
  assert.equal(denied.status, 401);
  assert.deepEqual(denied.body, { error: 'Authentication required' });

  const customer = await newCustomer(admin);
  const user = await newUser(stack, admin, { customers: [customer.id] });
  const project = await newProject(user, customer.id);
  const config = await user.put('/api/core/user-config/',
    { active_customer_id: customer.id, active_project_id: project.id });
  assert.equal(config.status, 200, JSON.stringify(config.body));
  assert.deepEqual(config.body, {
    active_customer: { id: customer.id, name: customer.name },
    active_project: { id: project.id, name: project.name },
  });

  const beat = await user.post('/api/core/heartbeat/');
  assert.equal(beat.status, 200);
  assert.deepEqual(Object.keys(beat.body).sort(), ['last_activity', 'success']);
  assert.equal(beat.body.success, true);
  assert.match(beat.body.last_activity, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

  const seen = await admin.get('/api/core/active-users/');
  assert.equal(seen.status, 200);
  const me = seen.body.active_users.find((a) => a.user.id === user.user.id);
  assert.ok(me, 'the user is listed as active');
  assert.deepEqual(me.user, {
    id: user.user.id, username: user.user.username, first_name: user.user.first_name, last_name: 'Last',
  });
  assert.deepEqual(me.active_customer, { id: customer.id, name: customer.name });
  assert.deepEqual(me.active_project, { id: project.id, name: project.name });
  assert.equal(me.last_activity, beat.body.last_activity);
});

test('users see only colleagues working in their customers; a superuser sees everyone', async () => {
  const x = await newCustomer(admin);
  const y = await newCustomer(admin);
  const inX = await newUser(stack, admin, { customers: [x.id] });
  const inY = await newUser(stack, admin, { customers: [y.id] });
  const alsoInY = await newUser(stack, admin, { customers: [y.id] });
  assert.equal((await inX.put('/api/core/user-config/', { active_customer_id: x.id, active_project_id: null })).status, 200);
  assert.equal((await inY.put('/api/core/user-config/', { active_customer_id: y.id, active_project_id: null })).status, 200);
  for (const c of [inX, inY, alsoInY]) assert.equal((await c.post('/api/core/heartbeat/')).status, 200);

  const ids = async (client) => (await client.get('/api/core/active-users/')).body.active_users.map((a) => a.user.id);
  const seenByY = await ids(alsoInY);
  assert.ok(seenByY.includes(inY.user.id), 'a colleague in Y is visible');
  assert.ok(seenByY.includes(alsoInY.user.id), 'oneself is visible');
  assert.ok(!seenByY.includes(inX.user.id), 'a user working in X is hidden from a non-member of X');
  const seenByAdmin = await ids(admin);
  assert.ok(seenByAdmin.includes(inX.user.id) && seenByAdmin.includes(inY.user.id));
  const inYEntry = (await alsoInY.get('/api/core/active-users/')).body.active_users.find((a) => a.user.id === inY.user.id);
  assert.deepEqual(inYEntry.active_project, { id: null, name: null });
});

test('an unsafe request without the CSRF header is 403 and changes nothing', async () => {
  const customer = await newCustomer(admin);
  const user = await newUser(stack, admin, { customers: [customer.id] });
  user.sendCsrf = false;
  const res = await user.put('/api/core/user-config/', { active_customer_id: customer.id, active_project_id: null });
  assert.equal(res.status, 403);
  assert.deepEqual(res.body, { error: 'CSRF token missing or incorrect' });
  user.sendCsrf = true;
  const config = await user.get('/api/core/user-config/');
  assert.deepEqual(config.body, { active_customer: null, active_project: null });
  user.sendCsrf = false;
  const wrong = await user.put('/api/core/user-config/', { active_customer_id: customer.id, active_project_id: null },
    { headers: { 'X-CSRFToken': 'f'.repeat(64) } });
  assert.equal(wrong.status, 403);
  user.sendCsrf = true;
  assert.deepEqual((await user.get('/api/core/user-config/')).body.active_customer, null);
});

test('user-config with a project of another customer is 400 and changes nothing', async () => {
  const a = await newCustomer(admin);
  const b = await newCustomer(admin);
  const user = await newUser(stack, admin, { customers: [a.id, b.id] });
  const projectA = await newProject(user, a.id);
  const projectB = await newProject(user, b.id);
  assert.equal((await user.put('/api/core/user-config/', { active_customer_id: a.id, active_project_id: projectA.id })).status, 200);
  const res = await user.put('/api/core/user-config/', { active_customer_id: a.id, active_project_id: projectB.id });
  assert.equal(res.status, 400);
  assert.match(res.body.error, /project/i);
  const config = await user.get('/api/core/user-config/');
  assert.deepEqual(config.body.active_project, { id: projectA.id, name: projectA.name });
  const notMember = await user.put('/api/core/user-config/', { active_customer_id: 999999, active_project_id: null });
  assert.equal(notMember.status, 400);
});

test('the gateway answers bad requests with clear 4xx errors', async () => {
  const malformed = await admin.put('/api/core/user-config/', undefined, { raw: '{"active_customer_id": ' });
  assert.equal(malformed.status, 400);
  assert.match(malformed.body.error, /Malformed JSON/);
  const wrongType = await admin.put('/api/core/user-config/', { active_customer_id: '5' });
  assert.equal(wrongType.status, 400);
  assert.match(wrongType.body.error, /active_customer_id/);
  const big = await admin.post('/api/core/projects/', undefined, { raw: JSON.stringify({ notes: 'x'.repeat(1100000) }) });
  assert.equal(big.status, 413);
  assert.match(big.body.error, /too large/);
  const headers = await admin.get('/api/auth/user/', { headers: { 'X-Padding': 'x'.repeat(20000) } });
  assert.equal(headers.status, 431);
  const unknown = await admin.get('/api/no/such/thing/');
  assert.equal(unknown.status, 404);
  const method = await admin.delete('/api/core/heartbeat/');
  assert.equal(method.status, 405);
  assert.equal(method.headers.get('allow'), 'POST');
  const type = await admin.put('/api/core/user-config/', undefined, { raw: 'a=1', headers: { 'Content-Type': 'text/plain' } });
  assert.equal(type.status, 415);
  assert.equal((await fetch(stack.url + '/healthz')).status, 200);
});

test('with Redis down presence answers 503 and the gateway stays up; it recovers by itself', async () => {
  const user = await newUser(stack, admin);
  assert.equal((await user.post('/api/core/heartbeat/')).status, 200);
  stack.stopRedis();
  try {
    const down = await user.post('/api/core/heartbeat/');
    assert.equal(down.status, 503);
    assert.match(down.body.error, /unavailable/i);
    assert.match(down.body.error, /Redis/);
    assert.equal((await fetch(stack.url + '/healthz')).status, 200);
  } finally {
    stack.startRedis();
  }
  // Sessions lived in the Redis that was stopped (it keeps no data), so sign in again.
  const again = new Client(stack.url);
  await again.login(user.user.username, user.password);
  const beat = await again.post('/api/core/heartbeat/');
  assert.equal(beat.status, 200);
  assert.equal((await again.get('/api/core/active-users/')).status, 200);
});

test('readiness: identity down is not ready, another service down is reported as degraded', async () => {
  const ready = await fetch(stack.url + '/readyz');
  assert.equal(ready.status, 200);
  assert.deepEqual((await ready.json()).degraded.sort(), ['san', 'storage']);  // not started here
  stack.process('identity').kill('SIGSTOP');
  try {
    // The probe that was already on its way may still be answered; the next ones cannot be.
    let notReady;
    for (let i = 0; i < 5; i++) {
      notReady = await fetch(stack.url + '/readyz');
      if (notReady.status === 503) break;
    }
    assert.equal(notReady.status, 503);
    assert.ok((await notReady.json()).waiting_for.includes('identity'));
  } finally {
    stack.process('identity').kill('SIGCONT');
  }
});

test('a hostile request id is replaced, and the gateway keeps serving', async () => {
  const { connect } = await import('node:net');
  const port = Number(new URL(stack.url).port);
  const raw = await new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.write('POST /api/auth/login/ HTTP/1.1\r\nHost: x\r\nX-Request-Id: ab\tcd\xff\r\n' +
        'Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}', 'latin1');
    });
    let text = '';
    socket.on('data', (d) => { text += d; });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
  assert.match(raw, /^HTTP\/1\.1 400/);
  assert.match(raw, /X-Request-Id: [0-9a-f]{16}\r\n/);
  assert.equal((await fetch(stack.url + '/healthz')).status, 200);
});

test('HEAD answers the headers of a GET and no body, so keep-alive stays in step', async () => {
  const http = await import('node:http');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const request = (method, path) => new Promise((resolve, reject) => {
    const req = http.request(stack.url + path, { method, agent }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body, socket: req.socket }));
    });
    req.on('error', reject);
    req.end();
  });
  const head = await request('HEAD', '/healthz');
  const get = await request('GET', '/healthz');
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], String(get.body.length));
  assert.equal(get.body, '{"status":"ok"}');
  assert.equal(head.socket, get.socket, 'both went over one connection');
  const api = await request('HEAD', '/api/auth/user/');
  assert.equal(api.status, 401);
  assert.equal(api.body, '');
  const page = await request('HEAD', '/');
  assert.equal(page.status, 200);
  assert.match(page.headers['content-type'], /^text\/html/);
  assert.ok(Number(page.headers['content-length']) > 0);
  agent.destroy();
});
