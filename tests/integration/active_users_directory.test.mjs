// Active users come from presence's copy of identity's users' directory
// (services/presence/user_directory.cpp), brought up to date on every list with what changed
// since (identity schema 007_user_directory.sql). Every change committed before a list is in it:
// a rename, a context switch, a renamed customer or project, a membership removed, a user
// disabled or deleted — each for a user presence has already listed, so already has a copy of.
// Then the opt-in paging of the list, and the copy starting over when identity no longer serves
// its version (changes pruned, or a database restored to an older state).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startStack } from './stack.mjs';
import { adminClient, newCustomer, newProject, newUser, unique } from './fixtures.mjs';

let stack, admin;
const psql = (sql) => execFileSync('psql', [stack.pgDsn, '-XAtqc', sql], { encoding: 'utf8' }).trim();

before(async () => {
  stack = await startStack({ services: ['identity', 'presence'] });
  admin = await adminClient(stack);
});
after(async () => { await stack?.stop(); });

async function activeUsers(client, query = '') {
  const res = await client.get(`/api/core/active-users/${query}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}
const entryOf = async (client, user) =>
  (await activeUsers(client)).active_users.find((a) => a.user.id === user.user.id);

async function setContext(user, customerId, projectId) {
  const res = await user.put('/api/core/user-config/', { active_customer_id: customerId, active_project_id: projectId });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

test('every change to a listed user is in the next list: names, context, customer and project names, membership', async () => {
  const customer = await newCustomer(admin, unique('Directory customer'));
  const other = await newCustomer(admin, unique('Directory other'));
  const alice = await newUser(stack, admin, { customers: [customer.id, other.id] });
  const bob = await newUser(stack, admin, { customers: [customer.id] });
  const first = await newProject(alice, customer.id, unique('First'));
  const second = await newProject(alice, customer.id, unique('Second'));
  await setContext(alice, customer.id, first.id);
  assert.equal((await alice.post('/api/core/heartbeat/')).status, 200);

  // Listed once: presence has its copy now.
  let entry = await entryOf(admin, alice);
  assert.deepEqual(entry.user, { id: alice.user.id, username: alice.user.username, first_name: alice.user.first_name, last_name: 'Last' });
  assert.deepEqual(entry.active_project, { id: first.id, name: first.name });
  assert.ok(await entryOf(bob, alice), 'bob, a member of her active customer, sees alice');

  const renamed = await admin.patch(`/api/core/users/${alice.user.id}/`, { first_name: 'Renamed', last_name: 'Again' });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  entry = await entryOf(admin, alice);
  assert.equal(entry.user.first_name, 'Renamed');
  assert.equal(entry.user.last_name, 'Again');

  await setContext(alice, customer.id, second.id);
  assert.deepEqual((await entryOf(admin, alice)).active_project, { id: second.id, name: second.name });

  const projectName = unique('Second renamed');
  const project = await admin.put(`/api/core/projects/update/${second.id}/`, { name: projectName, notes: '', version: second.version });
  assert.equal(project.status, 200, JSON.stringify(project.body));
  assert.deepEqual((await entryOf(admin, alice)).active_project, { id: second.id, name: projectName });

  const customerName = unique('Directory renamed');
  const renamedCustomer = await admin.put(`/api/customers/${customer.id}/`, { name: customerName, notes: '', version: customer.version });
  assert.equal(renamedCustomer.status, 200, JSON.stringify(renamedCustomer.body));
  assert.deepEqual((await entryOf(admin, alice)).active_customer, { id: customer.id, name: customerName });
  assert.deepEqual((await entryOf(bob, alice)).active_customer, { id: customer.id, name: customerName });

  // Her context moves to a customer bob is not a member of: bob no longer sees her.
  await setContext(alice, other.id, null);
  assert.equal(await entryOf(bob, alice), undefined);
  assert.deepEqual((await entryOf(admin, alice)).active_customer, { id: other.id, name: other.name });

  // Taken out of that customer, her context is cleared with it.
  const removed = await admin.delete(`/api/customers/${other.id}/members/${alice.user.id}/`);
  assert.equal(removed.status, 200, JSON.stringify(removed.body));
  entry = await entryOf(admin, alice);
  assert.deepEqual(entry.active_customer, { id: null, name: null });
  assert.deepEqual(entry.active_project, { id: null, name: null });
});

test('a listed user who is disabled or deleted is gone from the next list, paged or not; enabled again, back with the next heartbeat', async () => {
  const carol = await newUser(stack, admin);
  const dave = await newUser(stack, admin);
  for (const user of [carol, dave]) assert.equal((await user.post('/api/core/heartbeat/')).status, 200);
  const before = await activeUsers(admin, '?page_size=500');
  assert.ok(before.active_users.some((a) => a.user.id === carol.user.id));
  assert.ok(before.active_users.some((a) => a.user.id === dave.user.id));

  psql(`UPDATE identity.users SET is_active = false WHERE id = ${carol.user.id}`);
  psql(`DELETE FROM identity.users WHERE id = ${dave.user.id}`);
  const ids = (body) => body.active_users.map((a) => a.user.id);
  const everyone = await activeUsers(admin);
  assert.ok(!ids(everyone).includes(carol.user.id), 'disabled: gone');
  assert.ok(!ids(everyone).includes(dave.user.id), 'deleted: gone');
  const paged = await activeUsers(admin, '?page_size=500');
  assert.deepEqual(ids(paged), ids(everyone));
  assert.equal(paged.count, before.count - 2);

  psql(`UPDATE identity.users SET is_active = true WHERE id = ${carol.user.id}`);
  assert.ok(!ids(await activeUsers(admin)).includes(carol.user.id), 'forgotten until her next heartbeat');
  assert.equal((await carol.post('/api/core/heartbeat/')).status, 200);
  assert.ok(ids(await activeUsers(admin)).includes(carol.user.id));
});

test('paging is asked for: without it the answer is the seed\'s; with it, pages of the same order and the page fields', async () => {
  const customer = await newCustomer(admin, unique('Paging customer'));
  const members = [];
  for (let i = 0; i < 3; i++) {
    const user = await newUser(stack, admin, { customers: [customer.id] });
    await setContext(user, customer.id, null);
    assert.equal((await user.post('/api/core/heartbeat/')).status, 200);
    members.push(user);
  }
  const all = await activeUsers(admin);
  assert.deepEqual(Object.keys(all), ['active_users']);
  assert.deepEqual(Object.keys(all.active_users[0]), ['user', 'active_customer', 'active_project', 'last_activity']);

  // A superuser's pages, one user each, walk the same list in the same order.
  const walked = [];
  for (let page = 1; ; page++) {
    const body = await activeUsers(admin, `?page=${page}&page_size=1`);
    assert.deepEqual(Object.keys(body), ['active_users', 'count', 'num_pages', 'current_page', 'page_size', 'has_next', 'has_previous']);
    assert.equal(body.count, all.active_users.length);
    assert.equal(body.current_page, page);
    assert.equal(body.has_previous, page > 1);
    walked.push(...body.active_users);
    if (!body.has_next) break;
  }
  assert.deepEqual(walked, all.active_users);

  // A member's pages count only whom the member may see: the three of their customer.
  const member = members[0];
  const seen = (await activeUsers(member)).active_users;
  assert.equal(seen.length, 3);
  const first = await activeUsers(member, '?page_size=2');
  assert.deepEqual({ ...first, active_users: undefined },
    { active_users: undefined, count: 3, num_pages: 2, current_page: 1, page_size: 2, has_next: true, has_previous: false });
  const second = await activeUsers(member, '?page=2&page_size=2');
  assert.deepEqual([...first.active_users, ...second.active_users], seen);

  for (const query of ['?page_size=0', '?page_size=501', '?page=0', '?page=x']) {
    const res = await admin.get(`/api/core/active-users/${query}`);
    assert.equal(res.status, 400, `${query}: ${JSON.stringify(res.body)}`);
  }
});

test('when identity no longer serves the version of the copy, the copy starts over and misses nothing', async () => {
  const erin = await newUser(stack, admin);
  assert.equal((await erin.post('/api/core/heartbeat/')).status, 200);
  assert.ok(await entryOf(admin, erin));

  // The changes up to now are forgotten (as after an hour): the copy's version is too old.
  let res = await admin.patch(`/api/core/users/${erin.user.id}/`, { first_name: 'Pruned' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  psql('DELETE FROM identity.directory_changes; UPDATE identity.directory_version SET pruned_through = version');
  assert.equal((await entryOf(admin, erin)).user.first_name, 'Pruned');

  // The database went back to an older state (a restore): the copy's version is in its future.
  psql('UPDATE identity.directory_version SET version = 1, pruned_through = 1');
  res = await admin.patch(`/api/core/users/${erin.user.id}/`, { first_name: 'Restored' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal((await entryOf(admin, erin)).user.first_name, 'Restored');
  // And it keeps following from there.
  res = await admin.patch(`/api/core/users/${erin.user.id}/`, { first_name: 'Followed' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal((await entryOf(admin, erin)).user.first_name, 'Followed');
});
