// The presence window is configurable; a user drops out of active users once it has passed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, newUser } from './fixtures.mjs';

let stack;
before(async () => {
  stack = await startStack({ services: ['identity', 'presence'], env: { SANPLANE_PRESENCE_WINDOW_SECONDS: '2' } });
});
after(async () => { await stack?.stop(); });

test('a user drops out of active users after the window', async () => {
  const admin = await adminClient(stack);
  const user = await newUser(stack, admin);
  assert.equal((await user.post('/api/core/heartbeat/')).status, 200);
  const listed = async () => (await admin.get('/api/core/active-users/')).body.active_users
    .some((a) => a.user.id === user.user.id);
  assert.equal(await listed(), true);
  await new Promise((r) => setTimeout(r, 2600));
  assert.equal(await listed(), false);
  assert.equal((await user.post('/api/core/heartbeat/')).status, 200);
  assert.equal(await listed(), true);
});
