// Customers, projects and the user's context over REST: what a member may change, what the errors
// disclose about other customers, and how a null version is answered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, newUser, newCustomer, newProject, unique } from './fixtures.mjs';

let stack;
let admin;

before(async () => {
  // SAN and storage too: a customer is deleted only once they say it owns nothing there.
  stack = await startStack({ services: ['identity', 'san', 'storage'] });
  admin = await adminClient(stack);
});
after(async () => { await stack?.stop(); });

test('a member cannot rename their customer, so the duplicate-name 409 cannot leak names', async () => {
  const mine = await newCustomer(admin);
  const secret = await newCustomer(admin, unique('Acme-Secret-Corp'));
  const member = await newUser(stack, admin, { customers: [mine.id] });

  for (const name of [secret.name, unique('renamed')]) {
    const res = await member.put(`/api/customers/${mine.id}/`, { name, notes: 'x', version: 0 });
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.deepEqual(res.body, { error: 'Only a superuser can rename a customer.' });
  }
  const unchanged = await admin.get(`/api/customers/${mine.id}/`);
  assert.equal(unchanged.body.name, mine.name);
  assert.equal(unchanged.body.version, 0);
  assert.equal(unchanged.body.notes, '');

  // The same name with other edits, and notes alone, are fine.
  const same = await member.put(`/api/customers/${mine.id}/`, { name: mine.name, notes: 'first', version: 0 });
  assert.equal(same.status, 200, JSON.stringify(same.body));
  assert.equal(same.body.version, 1);
  const notes = await member.put(`/api/customers/${mine.id}/`, { notes: 'second', version: 1 });
  assert.equal(notes.status, 200, JSON.stringify(notes.body));
  assert.equal(notes.body.notes, 'second');

  // A superuser sees every customer; their duplicate is the usual 409.
  const dup = await admin.put(`/api/customers/${mine.id}/`, { name: secret.name, version: 2 });
  assert.equal(dup.status, 409);
  assert.deepEqual(dup.body, { error: 'A customer with that name already exists.' });
  const renamed = await admin.put(`/api/customers/${mine.id}/`, { name: unique('renamed'), version: 2 });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
});

test('version null on a customer or project update is 400 naming version; missing is 428', async () => {
  const customer = await newCustomer(admin);
  const project = await newProject(admin, customer.id);

  for (const path of [`/api/customers/${customer.id}/`, `/api/core/projects/update/${project.id}/`]) {
    const nulled = await admin.put(path, { notes: 'edited', version: null });
    assert.equal(nulled.status, 400, `${path} ${JSON.stringify(nulled.body)}`);
    assert.match(nulled.body.error, /version/);
    const missing = await admin.put(path, { notes: 'edited' });
    assert.equal(missing.status, 428, path);
    // If-Match supplies the version the body left null.
    const viaHeader = await admin.put(path, { notes: 'edited', version: null }, { headers: { 'If-Match': '"0"' } });
    assert.equal(viaHeader.status, 200, `${path} ${JSON.stringify(viaHeader.body)}`);
    assert.equal(viaHeader.body.version, 1);
  }

  for (const path of [`/api/core/projects/delete/${project.id}/`, `/api/customers/${customer.id}/`]) {
    const nulled = await admin.delete(path, { raw: JSON.stringify({ version: null }) });
    assert.equal(nulled.status, 400, `${path} ${JSON.stringify(nulled.body)}`);
    assert.match(nulled.body.error, /version/);
    assert.equal((await admin.delete(path)).status, 428, path);
    const gone = await admin.delete(`${path}?version=1`);
    assert.equal(gone.status, 200, `${path} ${JSON.stringify(gone.body)}`);
  }
});

test('user-config answers another customer\'s project like a missing one', async () => {
  const a = await newCustomer(admin);
  const b = await newCustomer(admin);
  const user = await newUser(stack, admin, { customers: [b.id] });
  const projectOfA = await newProject(admin, a.id);
  const missingId = projectOfA.id + 1000000;

  const foreign = await user.put('/api/core/user-config/', { active_customer_id: b.id, active_project_id: projectOfA.id });
  const missing = await user.put('/api/core/user-config/', { active_customer_id: b.id, active_project_id: missingId });
  assert.equal(foreign.status, 400);
  assert.equal(missing.status, 400);
  assert.equal(foreign.body.error, `Project ${projectOfA.id} is not a project of customer ${b.id}.`);
  assert.equal(missing.body.error, `Project ${missingId} is not a project of customer ${b.id}.`);
  const config = await user.get('/api/core/user-config/');
  assert.deepEqual(config.body, { active_customer: null, active_project: null });
});

test('one project can be read with its version and ETag; another customer sees 404', async () => {
  const mine = await newCustomer(admin);
  const theirs = await newCustomer(admin);
  const member = await newUser(stack, admin, { customers: [mine.id] });
  const outsider = await newUser(stack, admin, { customers: [theirs.id] });
  const project = await newProject(member, mine.id);
  const renamed = await member.put(`/api/core/projects/update/${project.id}/`, { name: `${project.name}-2`, version: 0 });
  assert.equal(renamed.status, 200, renamed.text);
  const read = await member.get(`/api/core/projects/detail/${project.id}/`);
  assert.equal(read.status, 200);
  assert.equal(read.body.version, 1);
  assert.equal(read.body.name, `${project.name}-2`);
  assert.equal(read.body.last_modified_by, member.user.username);
  assert.equal(read.headers.get('etag'), '"1"');
  assert.equal((await outsider.get(`/api/core/projects/detail/${project.id}/`)).status, 404);
});

test('a 400 about a field names it under "errors", the shape every service answers', async () => {
  const customer = await newCustomer(admin);
  const project = await newProject(admin, customer.id);
  const cases = [
    [admin.post('/api/customers/', { name: '   ' }), 'name', 'Customer name is required.'],
    [admin.put(`/api/core/projects/update/${project.id}/`, { name: project.name, notes: 'n'.repeat(4097), version: project.version }), 'notes', 'Notes must be at most 4096 characters.'],
    [admin.post('/api/core/users/', { username: unique('shortpw'), password: 'short', email: '' }), 'password', 'Password must be at least 8 characters long.'],
    [admin.post('/api/core/users/', { username: 'no spaces allowed', password: 'long-enough-1', email: '' }), 'username', null],
    [admin.put('/api/core/user-config/', { active_customer_id: null, active_project_id: project.id }), 'active_customer_id', null],
  ];
  for (const [sent, field, message] of cases) {
    const answer = await sent;
    assert.equal(answer.status, 400, JSON.stringify(answer.body));
    assert.deepEqual(Object.keys(answer.body.errors || {}), [field], JSON.stringify(answer.body));
    assert.equal(answer.body.errors[field], answer.body.error);
    if (message) assert.equal(answer.body.error, message);
  }
  const stored = await admin.get(`/api/core/projects/detail/${project.id}/`);
  assert.equal(stored.body.version, project.version, 'nothing was saved');
});
