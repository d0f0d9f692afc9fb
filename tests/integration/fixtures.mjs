// Test data made through the REST API as an administrator, the way an operator would.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client } from './client.mjs';

export const unique = (prefix) => `${prefix}-${randomBytes(4).toString('hex')}`;

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
