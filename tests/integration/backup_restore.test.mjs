// The backup procedure of the README, run on a private stack: deploy/backup/backup.sh dumps every
// schema of a live database, restore.sh refuses a database that still has them, and restores into
// an empty one; the services then start on it and serve every record at the version it had, and
// saves go on from those versions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { startStack } from './stack.mjs';
import { adminClient, newCustomer, newProject } from './fixtures.mjs';

const backupScripts = resolve(import.meta.dirname, '..', '..', 'deploy', 'backup');
let stack;
let admin;

before(async () => {
  stack = await startStack();
  admin = await adminClient(stack);
});

after(async () => {
  await stack?.stop();
});

async function ok(res, status = 200) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

/** Everything a user can read of the customer's records, versions included. */
async function readAll(customerId, projectId, storageId) {
  return {
    customer: await ok(await admin.get(`/api/customers/${customerId}/`)),
    projects: await ok(await admin.get(`/api/core/projects/${customerId}/`)),
    fabrics: await ok(await admin.get(`/api/san/fabrics/?customer=${customerId}`)),
    aliases: await ok(await admin.get(`/api/san/aliases/project/${projectId}/?page_size=500`)),
    zones: await ok(await admin.get(`/api/san/zones/project/${projectId}/?page_size=500`)),
    storage: await ok(await admin.get(`/api/storage/${storageId}/`)),
    hosts: await ok(await admin.get(`/api/storage/hosts/?storage_id=${storageId}`)),
  };
}

const runScript = (name, ...args) =>
  spawnSync('bash', [join(backupScripts, name), ...args], { encoding: 'utf8' });

test('a backup restored into an empty database brings back every record and version', async () => {
  const customer = await newCustomer(admin);
  const project = await newProject(admin, customer.id);
  const fabric = await ok(await admin.post('/api/san/fabrics/', {
    customer: customer.id, name: 'FAB_A', zoneset_name: 'cfg_a', san_vendor: 'BR', vsan: null,
    domain_id: 1, exists: true, notes: 'before the backup',
  }), 201);
  const aliases = await ok(await admin.post('/api/san/aliases/save/', {
    project_id: project.id,
    aliases: [
      { fabric: fabric.id, name: 'host_a', wwpn: '10:00:00:10:9b:bb:00:01', use: 'init' },
      { fabric: fabric.id, name: 'array_a', wwpn: '50:05:07:68:10:00:bb:01', use: 'target' },
    ],
  }));
  const zones = await ok(await admin.post('/api/san/zones/save/', {
    project_id: project.id,
    zones: [{ fabric: fabric.id, name: 'z_host_a', zone_type: 'standard',
      members: aliases.aliases.map((a) => ({ alias: a.id })) }],
  }));
  const [zone] = zones.zones;
  // A record at a later version, so the restore is seen to keep versions.
  await ok(await admin.post('/api/san/zones/save/', {
    project_id: project.id, zones: [{ id: zone.id, version: zone.version, notes: 'edited once' }],
  }));
  const storage = await ok(await admin.post('/api/storage/', {
    customer: customer.id, name: 'FS-BACKUP', storage_type: 'FlashSystem',
  }), 201);
  await ok(await admin.post(`/api/storage/${storage.id}/import/`, {
    hosts: [{ name: 'esx01', wwpns: ['10:00:00:10:9b:bb:00:01'] }],
  }));
  const before = await readAll(customer.id, project.id, storage.id);
  assert.equal(before.zones.results[0].version, 1);

  const dump = join(stack.dir, 'sanplane.dump');
  const backup = runScript('backup.sh', stack.pgDsn, dump);
  assert.equal(backup.status, 0, backup.stderr);
  assert.match(backup.stdout, /identity san storage -> .*sanplane\.dump/);

  // Over live schemas a restore is refused and changes nothing.
  const refused = runScript('restore.sh', stack.pgDsn, dump);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /already has sanplane schemas \(identity, san, storage\)/);

  // The database loses everything while the services are down, then gets the backup back.
  const services = ['gateway', ...stack.services];
  for (const name of services) await stack.stopService(name);
  execFileSync('psql', [stack.pgDsn, '-Xqc', 'DROP SCHEMA identity, san, storage CASCADE']);
  const restored = runScript('restore.sh', stack.pgDsn, dump);
  assert.equal(restored.status, 0, restored.stderr);
  for (const name of [...stack.services, 'gateway']) await stack.startService(name);

  // The admin's session lives in the restored identity schema too.
  assert.deepEqual(await readAll(customer.id, project.id, storage.id), before);
  // Saves go on from the restored versions: the stale one is refused, the current one moves on.
  const stale = await admin.post('/api/san/zones/save/', {
    project_id: project.id, zones: [{ id: zone.id, version: 0, notes: 'stale' }],
  });
  assert.equal(stale.status, 409, JSON.stringify(stale.body));
  const saved = await ok(await admin.post('/api/san/zones/save/', {
    project_id: project.id, zones: [{ id: zone.id, version: 1, notes: 'after the restore' }],
  }));
  assert.equal(saved.zones[0].version, 2);
});

test('a backup of a database without sanplane schemas is refused', () => {
  const empty = `${stack.pgDsn.replace(/dbname=\S+/, 'dbname=postgres')}`;
  const result = runScript('backup.sh', empty, join(stack.dir, 'nothing.dump'));
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /no sanplane schema/);
});
