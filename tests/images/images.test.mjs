// The five container images as deploy/images/test.sh started them with podman: hardened as
// Kubernetes and compose run them, and serving sign-in, a zone save and /readyz through the
// gateway image. Run by `make image-test` only (it needs the images and podman), never by
// `make test`.
//   SANPLANE_IMAGE_TEST_URL         the gateway container's HTTP address
//   SANPLANE_IMAGE_TEST_ADMIN       the admin password the identity container was given
//   SANPLANE_IMAGE_TEST_CONTAINERS  "name=container,..." for gateway, identity, presence, san, storage
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Client } from '../integration/client.mjs';
import { unique } from '../integration/fixtures.mjs';

const url = process.env.SANPLANE_IMAGE_TEST_URL;
const adminPassword = process.env.SANPLANE_IMAGE_TEST_ADMIN;
const containers = Object.fromEntries((process.env.SANPLANE_IMAGE_TEST_CONTAINERS ?? '')
  .split(',').filter(Boolean).map((pair) => pair.split('=')));
if (!url || !adminPassword || Object.keys(containers).length !== 5) {
  throw new Error('run through deploy/images/test.sh (make image-test): it starts the containers');
}

const podman = (...args) => execFileSync('podman', args, { encoding: 'utf8' }).trim();

for (const [name, container] of Object.entries(containers)) {
  test(`${name}: runs as user 10001, with no capability, on a read-only root filesystem`, () => {
    assert.equal(podman('inspect', '--format', '{{.State.Running}}', container), 'true');
    // The image's own USER, not a --user flag: `docker run` without flags is as safe.
    const status = podman('exec', container, 'cat', '/proc/1/status');
    assert.match(status, /^Uid:\s+10001\s+10001\s+10001\s+10001$/m);
    assert.match(status, /^Gid:\s+10001\s+10001\s+10001\s+10001$/m);
    for (const set of ['CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb']) {
      assert.match(status, new RegExp(`^${set}:\\s+0{16}$`, 'm'), `${set} is not empty`);
    }
    assert.match(status, /^NoNewPrivs:\s+1$/m);
    // Nothing can be written anywhere, /tmp included: the binary needs no writable path.
    for (const path of ['/probe', '/tmp/probe']) {
      assert.throws(() => execFileSync('podman', ['exec', container, 'touch', path], { stdio: 'pipe' }),
        /Read-only file system/, `${path} was writable`);
    }
  });
}

test('gateway image: /healthz, and /readyz with every upstream serving', async () => {
  const health = await fetch(`${url}/healthz`);
  assert.equal(health.status, 200);
  const ready = await fetch(`${url}/readyz`);
  assert.equal(ready.status, 200);
  // Nothing "degraded": the gateway reached identity, presence, san and storage.
  assert.deepEqual(await ready.json(), { status: 'ready' });
});

test('gateway image: serves the web UI and the npm packages its import map loads', async () => {
  const page = await fetch(`${url}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  const html = await page.text();
  const modules = [...html.matchAll(/"(\/node_modules\/[^"]+)"/g)].map((m) => m[1]);
  assert.ok(modules.length >= 3, 'the import map names the Preact and htm modules');
  for (const path of modules) {
    const res = await fetch(url + path);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get('content-type'), /^text\/javascript/, path);
    assert.match(await res.text(), /export/, `${path} is an ES module`);
  }
});

test('sign-in: a wrong password is refused, the admin signs in and is known by the session', async () => {
  const stranger = new Client(url);
  const refused = await stranger.post('/api/auth/login/', { username: 'admin', password: 'not-the-password' });
  assert.equal(refused.status, 401, JSON.stringify(refused.body));
  assert.equal((await stranger.get('/api/auth/user/')).status, 401);

  const admin = new Client(url);
  await admin.login('admin', adminPassword);
  assert.ok(admin.cookies.has('sessionid'), 'a session cookie was set');
  assert.ok(admin.cookies.has('csrftoken'), 'a CSRF cookie was set');
  const me = await admin.get('/api/auth/user/');
  assert.equal(me.status, 200, JSON.stringify(me.body));
  assert.equal(me.body.username, 'admin');
});

test('zone save: customer, project, fabric, aliases and a zone; a save with the version moves it, a stale one is a 409', async () => {
  const admin = new Client(url);
  await admin.login('admin', adminPassword);
  // identity
  const customer = await admin.post('/api/customers/', { name: unique('image customer'), notes: '' });
  assert.equal(customer.status, 201, JSON.stringify(customer.body));
  const project = await admin.post('/api/core/projects/', { name: unique('image project'), customer: customer.body.id, notes: '' });
  assert.equal(project.status, 201, JSON.stringify(project.body));
  // san (which asks identity about the customer)
  const fabric = await admin.post('/api/san/fabrics/', {
    customer: customer.body.id, name: 'FabA', zoneset_name: 'cfg_faba', san_vendor: 'BR',
  });
  assert.equal(fabric.status, 201, JSON.stringify(fabric.body));
  assert.equal(fabric.body.version, 0);
  const aliases = await admin.post('/api/san/aliases/save/', {
    project_id: project.body.id,
    aliases: [
      { fabric: fabric.body.id, name: unique('host'), wwpn: '10:00:00:00:c9:00:00:01', use: 'init' },
      { fabric: fabric.body.id, name: unique('array'), wwpn: '50:05:07:68:10:00:00:01', use: 'target' },
    ],
  });
  assert.equal(aliases.status, 200, JSON.stringify(aliases.body));
  const members = aliases.body.aliases.map((a) => ({ alias: a.id }));
  const saveZones = (zones) => admin.post('/api/san/zones/save/', { project_id: project.body.id, zones });

  const created = await saveZones([{ fabric: fabric.body.id, name: unique('zone'), members }]);
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const zone = created.body.zones[0];
  assert.equal(zone.version, 0);
  assert.deepEqual(zone.members.map((m) => m.alias).sort(), members.map((m) => m.alias).sort());

  const saved = await saveZones([{ id: zone.id, name: zone.name, version: 0, notes: 'saved through the images' }]);
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.equal(saved.body.message, 'Zones saved successfully!');
  assert.equal(saved.body.zones[0].version, 1);
  assert.equal(saved.body.zones[0].notes, 'saved through the images');
  assert.equal(saved.body.zones[0].last_modified_by, 'admin');

  // The same version again is stale now: refused, and nothing of it written.
  const stale = await saveZones([{ id: zone.id, name: zone.name, version: 0, notes: 'stale' }]);
  assert.equal(stale.status, 409, JSON.stringify(stale.body));
  assert.equal(stale.body.details[0].errors.current_version, 1);
  const listed = await admin.get(`/api/san/zones/project/${project.body.id}/?page_size=50`);
  assert.equal(listed.status, 200, JSON.stringify(listed.body));
  const stored = listed.body.results.find((z) => z.id === zone.id);
  assert.equal(stored.version, 1);
  assert.equal(stored.notes, 'saved through the images');
});
