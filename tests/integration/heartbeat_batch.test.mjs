// Heartbeats of many users at once. The gateway sends the heartbeats that arrive while one call to
// presence is in flight together in the next (Presence.HeartbeatBatch), each with its own caller's
// signed principal; each is answered on its own, and presence verifies each as it verifies a
// Heartbeat call's metadata. Through the REST API as browsers send them, and through presence's
// gRPC API as a client that is not the gateway would call it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import grpc from '@grpc/grpc-js';
import { startStack } from './stack.mjs';
import { Client } from './client.mjs';
import { adminClient, newUser, newCustomer, newProject, ok, unique } from './fixtures.mjs';
import { loadRoot, grpcPackages, signPrincipal } from './grpc_client.mjs';

const root = loadRoot(['sanplane/presence/v1/presence.proto']);
const Principal = root.lookupType('sanplane.common.v1.Principal');
const ErrorDetails = root.lookupType('sanplane.common.v1.ErrorDetails');

let stack;
let admin;
let presence;

before(async () => {
  stack = await startStack({ services: ['identity', 'presence'] });
  admin = await adminClient(stack);
  presence = new (grpcPackages(root).sanplane.presence.v1.Presence)(
    stack.grpcAddr('presence'), grpc.credentials.createInsecure());
});

after(async () => {
  presence?.close();
  await stack?.stop();
});

/** The sum of the samples of `name` whose labels include `labels`, in a /metrics text. */
function metricSum(text, name, labels) {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = line.match(/^(\w+)\{([^}]*)\} (\S+)$/);
    if (!match || match[1] !== name) continue;
    if (Object.entries(labels).every(([k, v]) => match[2].includes(`${k}="${v}"`))) sum += Number(match[3]);
  }
  return sum;
}

async function activeUsersById() {
  const { active_users: active } = await ok(admin.get('/api/core/active-users/'));
  return new Map(active.map((entry) => [entry.user.id, entry]));
}

test('many users in different contexts beating at once are each answered and listed where they are', async () => {
  // Three customers, each with a project; users spread over them, half with a project as context.
  const places = [];
  for (let i = 0; i < 3; i += 1) {
    const customer = await newCustomer(admin);
    places.push({ customer, project: await newProject(admin, customer.id) });
  }
  const users = [];
  for (let i = 0; i < 16; i += 1) {
    const { customer, project } = places[i % 3];
    const user = await newUser(stack, admin, { customers: [customer.id] });
    const context = { active_customer_id: customer.id, active_project_id: i % 2 ? project.id : null };
    await ok(user.put('/api/core/user-config/', context));
    users.push({ client: user, context });
  }
  // Beside them, heartbeats the gateway refuses itself: no session, no CSRF header, a session
  // that was signed out.
  const anonymous = new Client(stack.url);
  const noCsrf = await newUser(stack, admin);
  noCsrf.sendCsrf = false;
  const signedOut = await newUser(stack, admin);
  const signedOutCookies = new Map(signedOut.cookies);
  await ok(signedOut.post('/api/auth/logout/', {}));
  signedOut.cookies = signedOutCookies;

  const gatewayBefore = await stack.scrape('sanplane-gateway');
  const presenceBefore = await stack.scrape('sanplane-presence');
  const rounds = 3;
  const last = new Map();
  for (let round = 0; round < rounds; round += 1) {
    const refused = [anonymous.post('/api/core/heartbeat/'), noCsrf.post('/api/core/heartbeat/'),
      signedOut.post('/api/core/heartbeat/')];
    const answers = await Promise.all(users.map(({ client }) => client.post('/api/core/heartbeat/')));
    const [anon, csrf, out] = await Promise.all(refused);
    assert.deepEqual([anon.status, anon.body], [401, { error: 'Authentication required' }]);
    assert.equal(csrf.status, 403, JSON.stringify(csrf.body));
    assert.equal(out.status, 401, JSON.stringify(out.body));
    answers.forEach((answer, i) => {
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.success, true);
      assert.match(answer.body.last_activity, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3,6})?Z$/);
      last.set(users[i].client.user.id, answer.body.last_activity);
    });
  }

  const active = await activeUsersById();
  for (const { client, context } of users) {
    const entry = active.get(client.user.id);
    assert.ok(entry, `${client.user.username} is active`);
    assert.equal(entry.active_customer.id, context.active_customer_id);
    assert.equal(entry.active_project?.id ?? null, context.active_project_id);
    // The time its last heartbeat answered is the time listed.
    assert.equal(entry.last_activity, last.get(client.user.id));
  }
  for (const refused of [noCsrf, signedOut]) assert.equal(active.has(refused.user.id), false);

  // Every heartbeat is still counted as a Heartbeat call of its own on both sides, however they
  // were grouped; the groups went as HeartbeatBatch calls, never more than there were heartbeats.
  const beats = rounds * users.length;
  const gatewayAfter = await stack.scrape('sanplane-gateway');
  const presenceAfter = await stack.scrape('sanplane-presence');
  const delta = (before, after, name, labels) => metricSum(after, name, labels) - metricSum(before, name, labels);
  assert.equal(delta(gatewayBefore, gatewayAfter, 'sanplane_grpc_client_calls_total',
    { method: 'presence.Heartbeat', code: 'OK' }), beats);
  const batches = delta(gatewayBefore, gatewayAfter, 'sanplane_grpc_client_calls_total',
    { method: 'presence.HeartbeatBatch', code: 'OK' });
  assert.ok(batches >= rounds && batches <= beats, `${batches} batch calls for ${beats} heartbeats`);
  assert.equal(delta(presenceBefore, presenceAfter, 'sanplane_grpc_server_handled_total',
    { method: 'Heartbeat', code: 'OK' }), beats);
  assert.equal(delta(presenceBefore, presenceAfter, 'sanplane_grpc_server_handled_total',
    { method: 'HeartbeatBatch', code: 'OK' }), batches);
});

// ---- Presence.HeartbeatBatch called directly ----------------------------------------------------

const principalOf = (user) => ({ user_id: user.id, username: user.username, is_superuser: false, customer_ids: [] });

/** One heartbeat of `principal` for a batch, signed with `key` (the stack's unless given). */
function signedHeartbeat(principal, { key = stack.principalKey, expiresIn = 60, requestId = unique('beat') } = {}) {
  const bytes = Buffer.from(Principal.encode(Principal.fromObject(principal)).finish());
  const expiry = Math.floor(Date.now() / 1000) + expiresIn;
  return { principal: bytes, request_id: requestId, signature: signPrincipal(key, bytes, requestId, expiry) };
}

function heartbeatBatch(heartbeats) {
  return new Promise((resolve) => {
    presence.HeartbeatBatch({ heartbeats }, new grpc.Metadata(), { deadline: Date.now() + 5000 },
      (error, response) => resolve(error ? { error } : { response }));
  });
}

test('a heartbeat presence refuses fails alone, and the others in its batch are recorded', async () => {
  const [ann, ben, eve] = [await newUser(stack, admin), await newUser(stack, admin), await newUser(stack, admin)];
  const wrongKey = 'not-the-stack-key-0123456789abcdef0123456789';
  const batch = [
    signedHeartbeat(principalOf(ann.user)),
    // eve as a superuser, signed without the stack's key
    signedHeartbeat({ ...principalOf(eve.user), is_superuser: true }, { key: wrongKey }),
    // eve's own principal, but its signature expired long ago
    signedHeartbeat(principalOf(eve.user), { expiresIn: -3600 }),
    signedHeartbeat(principalOf(ben.user)),
    // ann's signed heartbeat with another request id: the signature covers the id
    { ...signedHeartbeat(principalOf(ann.user)), request_id: unique('moved') },
    // nobody
    { principal: Buffer.alloc(0), request_id: unique('nobody'), signature: Buffer.alloc(0) },
  ];
  const { error, response } = await heartbeatBatch(batch);
  assert.equal(error, undefined, error?.message);
  const statuses = response.results.map((r) => r.status.code);
  const UNAUTHENTICATED = grpc.status.UNAUTHENTICATED;
  assert.deepEqual(statuses, [0, UNAUTHENTICATED, UNAUTHENTICATED, 0, UNAUTHENTICATED, UNAUTHENTICATED]);
  for (const ok of [response.results[0], response.results[3]]) {
    assert.equal(ok.response.success, true);
  }
  for (const refused of [1, 2, 4, 5].map((i) => response.results[i])) {
    assert.equal(refused.response, null, 'a refused heartbeat has no answer');
    assert.ok(refused.status.message.length > 0);
    // The typed details every sanplane status carries, so the gateway words it from its table.
    assert.equal(ErrorDetails.toObject(ErrorDetails.decode(refused.status.details), { oneofs: true }).detail, 'plain');
  }
  assert.equal(response.results[5].status.message, 'Authentication required');

  const active = await activeUsersById();
  assert.ok(active.has(ann.user.id), 'ann is active');
  assert.ok(active.has(ben.user.id), 'ben is active');
  assert.equal(active.has(eve.user.id), false, 'no refused heartbeat was recorded');
});

test('a batch of more than 1,000 heartbeats is refused whole and records nothing', async () => {
  const zed = await newUser(stack, admin);
  const heartbeats = Array.from({ length: 1001 }, () => signedHeartbeat(principalOf(zed.user)));
  const { error } = await heartbeatBatch(heartbeats);
  assert.equal(error?.code, grpc.status.INVALID_ARGUMENT);
  assert.equal((await activeUsersById()).has(zed.user.id), false);
});
