// Test data made through the REST API as an administrator, the way an operator would.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client } from './client.mjs';

export const unique = (prefix) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** The seed's 409 body for a stale save of one record (`entity`: "fabric", "storage system"). */
export const recordConflictBody = ({ entity, by, version, at }) => ({
  error: 'Conflict',
  message: `This ${entity} was modified by ${by}. Please reload and try again.`,
  current_version: version,
  last_modified_by: by,
  last_modified_at: at,
});

/** The body of an answer that must have `status` (the body is the failure's message otherwise). */
export async function ok(promise, status = 200) {
  const res = await promise;
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

export async function adminClient(stack) {
  const admin = new Client(stack.url);
  await admin.login(stack.admin.username, stack.admin.password);
  return admin;
}

/** Creates a user (optionally a member of customers) and returns a signed-in Client for it. */
export async function newUser(stack, admin, { customers = [], superuser = false, name } = {}) {
  const username = name ?? unique('user');
  const password = 'pw-' + randomBytes(6).toString('hex');
  const created = await admin.post('/api/core/users/', {
    username, password, first_name: 'First ' + username, last_name: 'Last', email: `${username}@example.com`,
    is_superuser: superuser,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  for (const customer of customers) {
    const added = await admin.post(`/api/customers/${customer}/members/`, { username });
    assert.equal(added.status, 201, JSON.stringify(added.body));
  }
  const client = new Client(stack.url);
  await client.login(username, password);
  client.user = created.body;
  client.password = password;
  return client;
}

/**
 * Customers "<label> Customer A" and "... B"; alice and bob, members of A, and carol, of B only.
 * Members are added before the users sign in, so their sessions carry the customers.
 */
export async function customersAandB(stack, admin, label) {
  const customerA = await newCustomer(admin, `${label} Customer A`);
  const customerB = await newCustomer(admin, `${label} Customer B`);
  const alice = await newUser(stack, admin, { name: 'alice', customers: [customerA.id] });
  const bob = await newUser(stack, admin, { name: 'bob', customers: [customerA.id] });
  const carol = await newUser(stack, admin, { name: 'carol', customers: [customerB.id] });
  return { customerA, customerB, alice, bob, carol };
}

export async function newCustomer(admin, name = unique('customer')) {
  const res = await admin.post('/api/customers/', { name, notes: '' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

export async function newProject(client, customerId, name = unique('project')) {
  const res = await client.post('/api/core/projects/', { name, customer: customerId, notes: '' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}
