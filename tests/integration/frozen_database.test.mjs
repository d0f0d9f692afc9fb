// A database that stops answering (every Postgres process frozen with SIGSTOP, as a hung host or a
// partition whose kernel still acknowledges would look): every request ends by its deadline with a
// 503 or 504, never a 429 or a hang, and the service recovers on its own once Postgres answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient } from './fixtures.mjs';

const deadlineMs = 2000;
let stack;
let admin;
before(async () => {
  stack = await startStack({ services: ['identity'], env: { SANPLANE_RPC_DEADLINE_MS: String(deadlineMs) } });
  admin = await adminClient(stack);
});
after(async () => {
  stack?.thawPostgres();
  await stack?.stop();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('with Postgres frozen, requests end by their deadline with 503/504 and recover after', async () => {
  assert.equal((await admin.get('/api/customers/')).status, 200);
  stack.freezePostgres();
  let answers;
  try {
    // More requests at once than the pool has connections: some hold a connection that will not
    // answer, the others wait for one.
    const rounds = [];
    for (let round = 0; round < 2; round++) {
      const started = Date.now();
      const results = await Promise.all(Array.from({ length: 20 }, () => admin.get('/api/customers/')));
      rounds.push({ ms: Date.now() - started, statuses: results.map((r) => r.status), bodies: results.map((r) => r.body) });
    }
    answers = rounds;
  } finally {
    stack.thawPostgres();
  }
  for (const { ms, statuses, bodies } of answers) {
    for (const [i, status] of statuses.entries()) {
      assert.ok(status === 503 || status === 504, `status ${status}: ${JSON.stringify(bodies[i])}`);
      assert.equal(typeof bodies[i].error, 'string');
    }
    // Each answered by the gateway's deadline (plus the time to send the answer), not held.
    assert.ok(ms < deadlineMs + 1500, `a round took ${ms} ms`);
  }
  // Connections the pool gave up on are replaced: the service answers again by itself.
  let res;
  for (let attempt = 0; attempt < 50; attempt++) {
    res = await admin.get('/api/customers/');
    if (res.status === 200) break;
    await sleep(200);
  }
  assert.equal(res.status, 200, JSON.stringify(res.body));
});

test('a frozen Postgres does not hold the service threads: a second freeze is answered as fast', async () => {
  stack.freezePostgres();
  let statuses;
  try {
    const results = await Promise.all(Array.from({ length: 20 }, () => admin.get('/api/customers/')));
    statuses = results.map((r) => r.status);
  } finally {
    stack.thawPostgres();
  }
  assert.deepEqual([...new Set(statuses)].filter((s) => s !== 503 && s !== 504), []);
});
