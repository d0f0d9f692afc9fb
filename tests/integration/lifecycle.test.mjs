// Deleting what other records still need, over the REST API: a customer that still owns fabrics,
// storage systems or projects, and a storage system that aliases still name (directly or through
// one of its hosts), are refused with a 409 that says what is left; nothing is deleted, and nothing
// is deleted either when the service that would have to be asked is down. Once the things are
// gone, the delete goes through.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, newCustomer, newProject, newUser, unique } from './fixtures.mjs';

let stack;
let admin;

before(async () => {
  stack = await startStack();
  admin = await adminClient(stack);
});

after(async () => {
  await stack?.stop();
});

async function created(res) {
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const newFabric = (client, customerId, name = unique('FAB')) =>
  client.post('/api/san/fabrics/', {
    customer: customerId, name, zoneset_name: 'zs', san_vendor: 'BR', vsan: null, domain_id: null,
    exists: false, notes: '',
  });

const newStorage = (client, customerId, name = unique('FS9500')) =>
  client.post('/api/storage/', { customer: customerId, name, storage_type: 'FlashSystem' });

let wwpnSequence = 0;
function nextWwpn() {
  wwpnSequence += 1;
  return `50:05:07:68:20:00:00:${wwpnSequence.toString(16).padStart(2, '0')}`;
}

test('a customer that still owns fabrics, storage systems and projects is not deleted', async () => {
  const acme = await newCustomer(admin, unique('ACME'));
  // A member deletes it: the question to SAN and storage travels with the member's principal.
  const engineer = await newUser(stack, admin, { customers: [acme.id] });
  const fabric = await created(await newFabric(engineer, acme.id));
  const storage = await created(await newStorage(engineer, acme.id));
  const projects = [await newProject(engineer, acme.id), await newProject(engineer, acme.id)];

  const refused = await engineer.delete(`/api/customers/${acme.id}/?version=0`);
  assert.equal(refused.status, 409, JSON.stringify(refused.body));
  assert.deepEqual(refused.body, {
    error: 'Conflict',
    message: `Customer ${acme.name} still owns 1 fabric, 1 storage system and 2 projects; delete them first.`,
    owned: { fabrics: 1, storage_systems: 1, projects: 2 },
  });
  // Nothing was deleted.
  assert.equal((await engineer.get(`/api/customers/${acme.id}/`)).status, 200);
  assert.equal((await engineer.get(`/api/san/fabrics/${fabric.id}/`)).status, 200);
  assert.equal((await engineer.get(`/api/storage/${storage.id}/`)).status, 200);
  assert.equal((await engineer.get(`/api/core/projects/${acme.id}/`)).body.length, 2);

  // Only what is left is named.
  assert.equal((await engineer.delete(`/api/san/fabrics/delete/${fabric.id}/?version=0`)).status, 200);
  assert.equal((await engineer.delete(`/api/storage/${storage.id}/?version=0`)).status, 200);
  const projectsLeft = await engineer.delete(`/api/customers/${acme.id}/?version=0`);
  assert.equal(projectsLeft.status, 409);
  assert.equal(projectsLeft.body.message, `Customer ${acme.name} still owns 2 projects; delete them first.`);
  assert.deepEqual(projectsLeft.body.owned, { fabrics: 0, storage_systems: 0, projects: 2 });

  for (const project of projects) {
    const gone = await engineer.delete(`/api/core/projects/delete/${project.id}/?version=0`);
    assert.equal(gone.status, 200, JSON.stringify(gone.body));
  }
  const deleted = await engineer.delete(`/api/customers/${acme.id}/?version=0`);
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
  assert.equal((await admin.get(`/api/customers/${acme.id}/`)).status, 404);

  // What guards a fabric created after the question: SAN asks identity whether the customer
  // exists before it creates one, so a customer identity no longer knows gets none.
  const late = await newFabric(admin, acme.id);
  assert.equal(late.status, 400, JSON.stringify(late.body));
  assert.equal(late.body.errors.customer, `Customer ${acme.id} does not exist.`);
});

test('a stale customer delete is the version conflict, whatever the customer owns', async () => {
  const customer = await newCustomer(admin);
  await newProject(admin, customer.id);
  const stale = await admin.delete(`/api/customers/${customer.id}/?version=7`);
  assert.equal(stale.status, 409);
  assert.equal(stale.body.current_version, 0);
});

test('a storage system that aliases name, itself or through a host, is not deleted', async () => {
  const customer = await newCustomer(admin);
  const project = await newProject(admin, customer.id);
  const fabric = await created(await newFabric(admin, customer.id));
  const storage = await created(await newStorage(admin, customer.id, unique('FS7300')));
  const imported = await admin.post(`/api/storage/${storage.id}/import/`, {
    hosts: [{ name: 'esx01', wwpns: ['10:00:00:90:fa:c1:00:01'] }],
  });
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  const [host] = (await admin.get(`/api/storage/hosts/?storage_id=${storage.id}`)).body.results;
  const saved = await admin.post('/api/san/aliases/save/', {
    project_id: project.id,
    aliases: [
      { fabric: fabric.id, name: 'fs7300_n1_p1', wwpn: nextWwpn(), use: 'target', storage: storage.id },
      { fabric: fabric.id, name: 'esx01_hba0', wwpn: nextWwpn(), use: 'init', host: host.id },
      { fabric: fabric.id, name: 'unrelated', wwpn: nextWwpn(), use: 'init' },
    ],
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));

  const refused = await admin.delete(`/api/storage/${storage.id}/?version=0`);
  assert.equal(refused.status, 409, JSON.stringify(refused.body));
  assert.deepEqual(refused.body, {
    error: 'Conflict',
    message: `Storage system ${storage.name} is still used by 2 aliases (esx01_hba0, fs7300_n1_p1); `
      + 'clear their storage or host first.',
    references: { aliases: 2, alias_names: ['esx01_hba0', 'fs7300_n1_p1'] },
  });
  assert.equal((await admin.get(`/api/storage/${storage.id}/`)).status, 200);
  assert.equal((await admin.get(`/api/storage/hosts/${host.id}/`)).status, 200);

  // Clearing the references lets the delete through.
  const [byStorage, byHost] = saved.body.aliases;
  const cleared = await admin.post('/api/san/aliases/save/', {
    project_id: project.id,
    aliases: [
      { id: byStorage.id, storage: null, version: byStorage.version },
      { id: byHost.id, host: null, version: byHost.version },
    ],
  });
  assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
  const deleted = await admin.delete(`/api/storage/${storage.id}/?version=0`);
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
  assert.equal((await admin.get(`/api/storage/hosts/${host.id}/`)).status, 404);
});

test('a project that still lists aliases and zones is not deleted unless asked to release them', async () => {
  const customer = await newCustomer(admin);
  const project = await newProject(admin, customer.id);
  const other = await newProject(admin, customer.id);
  const fabric = await created(await newFabric(admin, customer.id));
  const aliases = await admin.post('/api/san/aliases/save/', {
    project_id: project.id,
    aliases: [
      { fabric: fabric.id, name: 'host_a', wwpn: nextWwpn(), use: 'init', projects: [other.id] },
      { fabric: fabric.id, name: 'array_a', wwpn: nextWwpn(), use: 'target' },
    ],
  });
  assert.equal(aliases.status, 200, JSON.stringify(aliases.body));
  const zones = await admin.post('/api/san/zones/save/', {
    project_id: project.id,
    zones: [{
      fabric: fabric.id, name: 'z_host_a', zone_type: 'standard',
      members: aliases.body.aliases.map((a) => ({ alias: a.id })),
    }],
  });
  assert.equal(zones.status, 200, JSON.stringify(zones.body));

  const refused = await admin.delete(`/api/core/projects/delete/${project.id}/?version=0`);
  assert.equal(refused.status, 409, JSON.stringify(refused.body));
  assert.deepEqual(refused.body, {
    error: 'Conflict',
    message: `Project ${project.name} still lists 2 aliases and 1 zone; remove them from it first, `
      + 'or delete with release=true to take them out of it (they stay in their fabrics).',
    members: { aliases: 2, zones: 1 },
  });
  assert.equal((await admin.get(`/api/san/aliases/project/${project.id}/`)).body.count, 2);

  // Released: the project is gone, its records stay in their fabric and in the other project, and
  // each released record moved a version.
  const deleted = await admin.delete(`/api/core/projects/delete/${project.id}/?version=0&release=true`);
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
  assert.equal(deleted.body.message, `Project '${project.name}' deleted successfully.`);
  const inOther = (await admin.get(`/api/san/aliases/project/${other.id}/`)).body.results;
  assert.deepEqual(inOther.map((a) => [a.name, a.version, a.projects]), [['host_a', 1, [other.id]]]);
  // The alias and the zone that were only in the deleted project are still there, at version 1:
  // version 0 is stale, version 1 puts them in the other project.
  const arrayA = aliases.body.aliases.find((a) => a.name === 'array_a');
  const [zone] = zones.body.zones;
  const stale = await admin.post('/api/san/zones/save/', {
    project_id: other.id, zones: [{ id: zone.id, version: 0, projects: [other.id] }],
  });
  assert.equal(stale.status, 409, JSON.stringify(stale.body));
  const adopted = await admin.post('/api/san/aliases/save/', {
    project_id: other.id, aliases: [{ id: arrayA.id, version: 1, projects: [other.id] }],
  });
  assert.equal(adopted.status, 200, JSON.stringify(adopted.body));
  const adoptedZone = await admin.post('/api/san/zones/save/', {
    project_id: other.id, zones: [{ id: zone.id, version: 1, projects: [other.id] }],
  });
  assert.equal(adoptedZone.status, 200, JSON.stringify(adoptedZone.body));
  assert.equal((await admin.get(`/api/san/zones/project/${other.id}/`)).body.results[0].name, 'z_host_a');
  const again = await admin.delete(`/api/core/projects/delete/${project.id}/?version=0`);
  assert.equal(again.status, 404);
});

/** A delete of `path` is refused with 503 and an error matching `reason`. */
async function expectDeleteRefused(path, reason) {
  const refused = await admin.delete(path);
  assert.equal(refused.status, 503, JSON.stringify(refused.body));
  assert.match(refused.body.error, reason);
}

test('with SAN down, neither a customer nor a storage system is deleted blind', async () => {
  const customer = await newCustomer(admin);
  const storage = await created(await newStorage(admin, customer.id));
  await stack.withServiceDown('san', async () => {
    await expectDeleteRefused(`/api/customers/${customer.id}/?version=0`, /SAN service is unavailable.*nothing was deleted/);
    await expectDeleteRefused(`/api/storage/${storage.id}/?version=0`, /SAN service is unavailable.*nothing was deleted/);
  });
  assert.equal((await admin.get(`/api/customers/${customer.id}/`)).status, 200);
  assert.equal((await admin.get(`/api/storage/${storage.id}/`)).status, 200);
  assert.equal((await admin.delete(`/api/storage/${storage.id}/?version=0`)).status, 200);
  assert.equal((await admin.delete(`/api/customers/${customer.id}/?version=0`)).status, 200);
});

test('with storage down, a customer is not deleted blind', async () => {
  const customer = await newCustomer(admin);
  await stack.withServiceDown('storage', () =>
    expectDeleteRefused(`/api/customers/${customer.id}/?version=0`, /storage service is unavailable.*nothing was deleted/));
  assert.equal((await admin.get(`/api/customers/${customer.id}/`)).status, 200);
});
