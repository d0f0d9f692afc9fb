// Zoning over the REST API as engineers use it: fabrics, aliases and zones made through the
// batch saves, then the scripts that carry them to the switches (JSON, text and zip), the hygiene
// report, and the import of a switch's cfgshow previewed and applied. alice and bob share customer
// A; carol, of customer B, must find none of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { unzip } from './zip.mjs';
import { adminClient, customersAandB, newProject } from './fixtures.mjs';

let stack;
let alice, bob, carol, customerA, customerB;
let project; // of customer A

// ---- helpers ------------------------------------------------------------------------------------

async function createFabric(client, fields) {
  const res = await client.post('/api/san/fabrics/', { customer: customerA.id, ...fields });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function saveAliases(client, aliases) {
  const res = await client.post('/api/san/aliases/save/', { project_id: project.id, aliases });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return Object.fromEntries(res.body.aliases.map((a) => [a.name, a]));
}

async function saveZones(client, zones) {
  const res = await client.post('/api/san/zones/save/', { project_id: project.id, zones });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return Object.fromEntries(res.body.zones.map((z) => [z.name, z]));
}

async function listAll(client, kind) {
  const res = await client.get(`/api/san/${kind}/project/${project.id}/?page_size=500`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.results;
}

const ofFabric = (records, fabricId) => records.filter((r) => r.fabric === fabricId);
const member = (alias, role) => (role ? { alias: alias.id, role } : { alias: alias.id });

/** D1 of the zoning reference: FAB_A (Cisco, smart zoning) and FAB_B (Brocade), all to create. */
async function datasetD1(suffix) {
  const fabA = await createFabric(alice, {
    name: `FAB_A${suffix}`, san_vendor: 'CI', vsan: 10, zoneset_name: 'ZS_A', exists: true,
    zoning_mode: 'enhanced', smart_zoning: true,
  });
  const fabB = await createFabric(alice, { name: `FAB_B${suffix}`, san_vendor: 'BR', zoneset_name: 'cfg_B' });
  const a = await saveAliases(alice, [
    { fabric: fabA.id, name: 'array_p1', wwpn: '50:05:07:68:10:00:00:01', use: 'target', cisco_alias: 'device-alias', create: true },
    { fabric: fabA.id, name: 'host1_p0', wwpn: '10:00:00:90:fa:a1:00:01', use: 'init', cisco_alias: 'device-alias', create: true },
    { fabric: fabA.id, name: 'host2_p0', wwpn: '10:00:00:90:fa:a1:00:02', use: 'init', cisco_alias: 'fcalias', create: true },
  ]);
  const b = await saveAliases(alice, [
    { fabric: fabB.id, name: 'array_p2', wwpn: '50:05:07:68:10:00:00:02', use: 'target', create: true },
    { fabric: fabB.id, name: 'host1_p1', wwpn: '10:00:00:90:fa:a1:00:11', use: 'init', create: true },
  ]);
  const zA = await saveZones(alice, [
    { fabric: fabA.id, name: 'z_h1_arr', zone_type: 'smart', create: true, members: [member(a.array_p1), member(a.host1_p0)] },
    { fabric: fabA.id, name: 'z_h2_arr', zone_type: 'standard', create: true, members: [member(a.array_p1), member(a.host2_p0)] },
  ]);
  const zB = await saveZones(alice, [
    { fabric: fabB.id, name: 'z_peer', zone_type: 'smart', create: true, members: [member(b.array_p2), member(b.host1_p1)] },
    { fabric: fabB.id, name: 'z_std', zone_type: 'standard', create: true, members: [member(b.array_p2), member(b.host1_p1)] },
  ]);
  return { fabA, fabB, a, b, zA, zB };
}

const D1_FAB_A_CREATE = `configure terminal
device-alias database
  device-alias name array_p1 pwwn 50:05:07:68:10:00:00:01
  device-alias name host1_p0 pwwn 10:00:00:90:fa:a1:00:01
device-alias commit
fcalias name host2_p0 vsan 10
  member pwwn 10:00:00:90:fa:a1:00:02
zone name z_h1_arr vsan 10
  member device-alias array_p1 target
  member device-alias host1_p0 init
zone name z_h2_arr vsan 10
  member device-alias array_p1
  member fcalias host2_p0
zoneset name ZS_A vsan 10
  member z_h1_arr
  member z_h2_arr
zoneset activate name ZS_A vsan 10
zone commit vsan 10
end
copy running-config startup-config
`;

const D1_FAB_B_CREATE = `alicreate "array_p2", "50:05:07:68:10:00:00:02"
alicreate "host1_p1", "10:00:00:90:fa:a1:00:11"
zonecreate --peerzone "z_peer" -principal "array_p2" -members "host1_p1"
zonecreate "z_std", "array_p2;host1_p1"
cfgcreate "cfg_B", "z_peer;z_std"
cfgenable "cfg_B"
`;

const D1_FAB_A_DELETE = `configure terminal
zoneset name ZS_A vsan 10
  no member z_h2_arr
no zone name z_h2_arr vsan 10
no fcalias name host2_p0 vsan 10
zoneset activate name ZS_A vsan 10
zone commit vsan 10
end
copy running-config startup-config
`;

const D1_FAB_B_DELETE = `cfgremove "cfg_B", "z_std"
zonedelete "z_std"
cfgenable "cfg_B"
`;

// A Brocade cfgshow of our own, in the shape the switch prints: tabs, "; " separators, a
// continuation line, upper-case WWPNs, a two-WWPN alias and a zone defined but not in the cfg.
const CFGSHOW = `Defined configuration:
 cfg:\tPROD_CFG\tz_db01; 
\t\tz_web01 
 zone:\tz_db01\tdb01_p0; 
\t\tarr_ctl_a 
 zone:\tz_web01\tweb01_p0;arr_ctl_a 
 zone:\tz_spare\tweb01_p0 
 alias:\tarr_ctl_a\t50:06:01:6A:47:E4:6E:59 
 alias:\tdb01_p0\t10:00:00:90:FA:C7:DA:42 
 alias:\tweb01_p0\t21:01:00:1B:32:A1:C0:A8; 21:01:00:1B:32:A1:C0:A9 

Effective configuration:
 cfg:\tPROD_CFG\t
 zone:\tz_db01\t
\t\t10:00:00:90:fa:c7:da:42
\t\t50:06:01:6a:47:e4:6e:59
 zone:\tz_web01\t
\t\t21:01:00:1b:32:a1:c0:a8
\t\t21:01:00:1b:32:a1:c0:a9
\t\t50:06:01:6a:47:e4:6e:59
`;

const preview = (client, body) => client.post('/api/san/import/preview/', { customer: customerA.id, ...body });
const apply = (client, body) => client.post('/api/san/import/apply/', { customer: customerA.id, ...body });

/** Preview then apply `body`; the apply's answer. */
async function importText(client, body, resolutions = []) {
  const seen = await preview(client, body);
  assert.equal(seen.status, 200, JSON.stringify(seen.body));
  const done = await apply(client, { ...body, digest: seen.body.digest, resolutions });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  return done.body;
}

/** Every fabric, alias and zone customer A has, to prove a refused request wrote nothing. */
async function snapshot() {
  const fabrics = await alice.get(`/api/san/fabrics/?customer_id=${customerA.id}&page_size=500`);
  return { fabrics: fabrics.body.results, aliases: await listAll(alice, 'aliases'), zones: await listAll(alice, 'zones') };
}

// ---- setup --------------------------------------------------------------------------------------

before(async () => {
  stack = await startStack();
  const admin = await adminClient(stack);
  ({ customerA, customerB, alice, bob, carol } = await customersAandB(stack, admin, 'Zoning'));
  project = await newProject(alice, customerA.id, 'Zoning 2026');
});

after(async () => {
  await stack?.stop();
});

// ---- model ----------------------------------------------------------------------------------------

test('model: an alias lists its WWPNs; wwpn is the first; a Cisco device-alias holds one', async () => {
  const br = await createFabric(alice, { name: 'MODEL_BR', san_vendor: 'BR', zoneset_name: 'cfg_m' });
  assert.equal(br.zoning_mode, 'enhanced');
  assert.equal(br.smart_zoning, false);
  assert.equal(br.fos_name_rules, '8.1+');
  const ci = await createFabric(alice, { name: 'MODEL_CI', san_vendor: 'CI', vsan: 30, zoneset_name: 'zs_m' });

  const { pair, one } = await saveAliases(alice, [
    { fabric: br.id, name: 'pair', wwpns: ['50:05:07:68:10:00:01:01', '50:05:07:68:10:00:01:02'] },
    { fabric: br.id, name: 'one', wwpn: '50:05:07:68:10:00:01:03' },
  ]);
  assert.equal(pair.wwpn, '50:05:07:68:10:00:01:01');
  assert.deepEqual(pair.wwpns, ['50:05:07:68:10:00:01:01', '50:05:07:68:10:00:01:02']);
  assert.deepEqual(one.wwpns, ['50:05:07:68:10:00:01:03']);

  // Every WWPN of an alias is unique in its fabric, the second one too.
  const taken = await alice.post('/api/san/aliases/save/', {
    project_id: project.id, aliases: [{ fabric: br.id, name: 'thief', wwpn: '50:05:07:68:10:00:01:02' }],
  });
  assert.equal(taken.status, 400);
  assert.match(taken.body.details[0].errors.wwpn, /already used by alias pair/);

  // Both sent: they must agree.
  const disagree = await alice.post('/api/san/aliases/save/', {
    project_id: project.id,
    aliases: [{ fabric: br.id, name: 'odd', wwpn: '50:05:07:68:10:00:01:09', wwpns: ['50:05:07:68:10:00:01:08'] }],
  });
  assert.equal(disagree.status, 400);
  assert.equal(disagree.body.details[0].errors.wwpn, 'wwpn must be the first of wwpns when both are sent.');

  const device = await alice.post('/api/san/aliases/save/', {
    project_id: project.id,
    aliases: [{ fabric: ci.id, name: 'dev', cisco_alias: 'device-alias', wwpns: ['50:05:07:68:10:00:01:04', '50:05:07:68:10:00:01:05'] }],
  });
  assert.equal(device.status, 400);
  assert.match(device.body.details[0].errors.wwpns, /device-alias holds exactly one WWPN/);
  const { fc } = await saveAliases(alice, [
    { fabric: ci.id, name: 'fc', cisco_alias: 'fcalias', wwpns: ['50:05:07:68:10:00:01:04', '50:05:07:68:10:00:01:05'] },
  ]);
  assert.equal(fc.wwpns.length, 2);

  // `wwpn` alone replaces the first WWPN and keeps the rest; the version moves once.
  const { pair: moved } = await saveAliases(alice, [{ id: pair.id, version: 0, wwpn: '50:05:07:68:10:00:01:06' }]);
  assert.deepEqual(moved.wwpns, ['50:05:07:68:10:00:01:06', '50:05:07:68:10:00:01:02']);
  assert.equal(moved.version, 1);
  const { pair: same } = await saveAliases(alice, [{ id: pair.id, version: 1, wwpns: moved.wwpns }]);
  assert.equal(same.version, 1);

  // Member roles and zoneset membership are stored per zone.
  const { zr } = await saveZones(alice, [
    { fabric: br.id, name: 'zr', zone_type: 'smart', in_zoneset: false, members: [member(pair, 'target'), member(one)] },
  ]);
  assert.equal(zr.in_zoneset, false);
  assert.deepEqual(zr.members.find((m) => m.alias === pair.id), { alias: pair.id, role: 'target' });
  assert.deepEqual(zr.members.find((m) => m.alias === one.id), { alias: one.id, role: null });
  const { zr: roled } = await saveZones(alice, [{ id: zr.id, version: 0, members: [member(pair, 'target'), member(one, 'init')] }]);
  assert.equal(roled.version, 1, 'a role change is a change');
});

// ---- scripts --------------------------------------------------------------------------------------

test('scripts: D1 create and delete scripts, byte for byte, per fabric and per project', async () => {
  const { fabA, fabB, a, zA, zB } = await datasetD1('');
  const text = await alice.get(`/api/san/scripts/fabric/${fabA.id}/?kind=create&format=text`);
  assert.equal(text.status, 200);
  assert.match(text.headers.get('content-type'), /^text\/plain/);
  assert.equal(text.text, D1_FAB_A_CREATE);

  const json = await alice.get(`/api/san/scripts/fabric/${fabB.id}/?kind=create`);
  assert.equal(json.status, 200);
  assert.equal(json.body.scripts.length, 1);
  const [scriptB] = json.body.scripts;
  assert.equal(scriptB.fabric, fabB.name);
  assert.equal(scriptB.vendor, 'BR');
  assert.equal(scriptB.zoneset_name, 'cfg_B');
  assert.equal(scriptB.commands.join('\n') + '\n', D1_FAB_B_CREATE);

  const byProject = await alice.get(`/api/san/scripts/project/${project.id}/?kind=create`);
  assert.equal(byProject.status, 200);
  const names = byProject.body.scripts.map((s) => s.fabric);
  assert.ok(names.includes(fabA.name) && names.includes(fabB.name), names.join());

  const zip = await alice.get(`/api/san/scripts/fabric/${fabA.id}/?kind=create&format=zip`);
  assert.equal(zip.status, 200);
  assert.equal(zip.headers.get('content-type'), 'application/zip');
  const opened = unzip(zip.body);
  assert.equal(opened.bad, null, 'every CRC checks');
  assert.deepEqual(opened.files, { [`${fabA.name}_create.txt`]: D1_FAB_A_CREATE });

  // Created on the switches since, three records are to go: a record cannot be both.
  const both = await alice.post('/api/san/zones/save/', {
    project_id: project.id, zones: [{ id: zA.z_h2_arr.id, version: zA.z_h2_arr.version, delete: true }],
  });
  assert.equal(both.status, 200);
  const refused = await alice.get(`/api/san/scripts/fabric/${fabA.id}/?kind=delete`);
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body.details, [
    { zone: 'z_h2_arr', errors: { delete: 'A record cannot be both created and deleted by one change.' } },
  ]);
  await saveZones(alice, [
    { id: zA.z_h2_arr.id, version: zA.z_h2_arr.version + 1, create: false },
    { id: zB.z_std.id, version: zB.z_std.version, create: false, delete: true },
  ]);
  await saveAliases(alice, [{ id: a.host2_p0.id, version: a.host2_p0.version, create: false, delete: true }]);
  const deleteA = await alice.get(`/api/san/scripts/fabric/${fabA.id}/?kind=delete&format=text`);
  assert.equal(deleteA.text, D1_FAB_A_DELETE);
  const deleteB = await alice.get(`/api/san/scripts/fabric/${fabB.id}/?kind=delete&format=text`);
  assert.equal(deleteB.text, D1_FAB_B_DELETE);

  for (const bad of ['?kind=rename', '?kind=create&format=pdf', '']) {
    const res = await alice.get(`/api/san/scripts/fabric/${fabA.id}/${bad}`);
    assert.equal(res.status, 400, bad);
  }
});

test('scripts: a record that cannot be written, a fabric with hygiene errors, an alias a surviving zone uses: 400s', async () => {
  const fab = await createFabric(alice, { name: 'NEG', san_vendor: 'BR', zoneset_name: 'cfg_neg' });
  const a = await saveAliases(alice, [
    { fabric: fab.id, name: 'h1', wwpn: '10:00:00:90:fa:b1:00:01', use: 'init', create: true },
    { fabric: fab.id, name: 'h2', wwpn: '10:00:00:90:fa:b1:00:02', use: 'init', create: true },
  ]);
  const z = await saveZones(alice, [
    { fabric: fab.id, name: 'z_no_target', zone_type: 'smart', create: true, members: [member(a.h1), member(a.h2)] },
  ]);
  const refused = await alice.get(`/api/san/scripts/fabric/${fab.id}/?kind=create`);
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body.details, [
    { zone: 'z_no_target', errors: { members: 'A smart zone needs at least one target' } },
  ]);

  // Not to be created, the zone still fails the hygiene report (NO_TARGET is an error).
  await saveZones(alice, [{ id: z.z_no_target.id, version: 0, create: false }]);
  const hygiene = await alice.get(`/api/san/scripts/fabric/${fab.id}/?kind=create`);
  assert.equal(hygiene.status, 400);
  assert.match(hygiene.body.error, /hygiene report/);
  assert.equal(hygiene.body.details.length, 1);
  assert.match(hygiene.body.details[0], /^NEG: NO_TARGET z_no_target: /);

  // Deleting h2 while z_no_target, which stays, holds it: a delete script names the zone, and
  // nothing is rendered.
  await saveAliases(alice, [{ id: a.h2.id, version: a.h2.version, create: false, delete: true }]);
  const inUse = await alice.get(`/api/san/scripts/fabric/${fab.id}/?kind=delete&format=text`);
  assert.equal(inUse.status, 400);
  assert.deepEqual(inUse.body.details, [{
    alias: 'h2', errors: { delete: 'Alias h2 is still a member of zone z_no_target, which is not marked for deletion.' },
  }]);
});

// ---- hygiene report -------------------------------------------------------------------------------

test('lint: dataset D2 gives its seven findings, three more with a zone cap of 2', async () => {
  const fab = await createFabric(alice, { name: 'D2_FAB_A', san_vendor: 'CI', vsan: 40, zoneset_name: 'ZS_A', smart_zoning: true });
  const a = await saveAliases(alice, [
    { fabric: fab.id, name: 'host1_p0', use: 'init', wwpn: '10:00:00:90:fa:a1:00:01' },
    { fabric: fab.id, name: 'host2_p0', use: 'init', wwpn: '10:00:00:90:fa:a1:00:02' },
    { fabric: fab.id, name: 'array_p1', use: 'target', wwpn: '50:05:07:68:10:00:00:01' },
    { fabric: fab.id, name: 'orphan', use: 'init', wwpn: '10:00:00:90:fa:a1:00:09' },
    { fabric: fab.id, name: 'arr_wrong', use: 'init', wwpn: '50:05:07:68:10:00:00:07' },
    { fabric: fab.id, name: '9lives', use: 'init', wwpn: '10:00:00:90:fa:a1:00:0b' },
  ]);
  await saveZones(alice, [
    { fabric: fab.id, name: 'z_one', members: [member(a.host1_p0)] },
    { fabric: fab.id, name: 'z_noT', zone_type: 'smart', members: [member(a.host1_p0, 'init'), member(a.host2_p0, 'init')] },
    { fabric: fab.id, name: 'z_multi', members: [member(a.host1_p0), member(a.host2_p0), member(a.array_p1)] },
    { fabric: fab.id, name: 'z_x', zone_type: 'smart', members: [member(a.array_p1, 'target'), member(a.arr_wrong, 'init'), member(a['9lives'], 'init')] },
    { fabric: fab.id, name: 'z_loose', zone_type: 'smart', in_zoneset: false, members: [member(a.array_p1, 'target'), member(a.host2_p0, 'init')] },
  ]);
  const report = await alice.get(`/api/san/fabrics/${fab.id}/lint/`);
  assert.equal(report.status, 200);
  assert.deepEqual(report.body.findings.map((f) => `${f.code} ${f.records[0]}`), [
    'MULTI_INITIATOR_STANDARD_ZONE z_multi', 'NAME_RULE 9lives', 'NO_TARGET z_noT',
    'SINGLE_MEMBER_ZONE z_one', 'UNUSED_ALIAS orphan', 'USE_MISMATCH_PREFIX arr_wrong',
    'ZONE_NOT_IN_ZONESET z_loose',
  ]);
  for (const finding of report.body.findings) {
    assert.ok(['error', 'warning', 'info'].includes(finding.severity));
    assert.ok(finding.message.length > 0);
  }
  const capped = await alice.get(`/api/san/fabrics/${fab.id}/lint/?alias_max_zones=2`);
  assert.deepEqual(
    capped.body.findings.filter((f) => f.code === 'ALIAS_OVER_ZONE_CAP').map((f) => f.records[0]),
    ['array_p1', 'host1_p0', 'host2_p0'],
  );
  assert.equal(capped.body.findings.length, 10);
});

// ---- import ---------------------------------------------------------------------------------------

test('import: preview, apply, apply again (all unchanged, no version moves), round trip', async () => {
  const body = { new_fabric: { name: 'IMPORTED' }, format: 'auto', text: CFGSHOW, project: project.id };
  const seen = await preview(alice, body);
  assert.equal(seen.status, 200, JSON.stringify(seen.body));
  assert.equal(seen.body.format, 'brocade');
  assert.deepEqual(seen.body.conflicts, []);
  assert.equal(seen.body.fabric.action, 'create');
  assert.deepEqual(seen.body.aliases.map((a) => `${a.name} ${a.action}`), ['arr_ctl_a create', 'db01_p0 create', 'web01_p0 create']);
  assert.deepEqual(seen.body.zones.map((z) => `${z.name} ${z.action}`), ['z_db01 create', 'z_spare create', 'z_web01 create']);
  assert.equal(seen.body.created, 7);
  assert.match(seen.body.digest, /^[0-9a-f]{64}$/);
  const before = await snapshot();
  assert.equal(before.fabrics.find((f) => f.name === 'IMPORTED'), undefined, 'a preview writes nothing');

  const done = await apply(alice, { ...body, digest: seen.body.digest });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.equal(done.body.created, 7);
  const fabric = (await snapshot()).fabrics.find((f) => f.name === 'IMPORTED');
  assert.equal(fabric.san_vendor, 'BR');
  assert.equal(fabric.zoneset_name, 'PROD_CFG');
  assert.equal(fabric.exists, true);
  const aliases = ofFabric(await listAll(alice, 'aliases'), fabric.id);
  const web = aliases.find((a) => a.name === 'web01_p0');
  assert.deepEqual(web.wwpns, ['21:01:00:1b:32:a1:c0:a8', '21:01:00:1b:32:a1:c0:a9']);
  assert.equal(web.last_modified_by, 'alice');
  const zones = ofFabric(await listAll(alice, 'zones'), fabric.id);
  assert.equal(zones.find((z) => z.name === 'z_spare').in_zoneset, false);
  assert.equal(zones.find((z) => z.name === 'z_db01').exists, true);

  // The same text again, now into the fabric: everything unchanged, no version moves.
  const again = { fabric: fabric.id, text: CFGSHOW };
  const second = await importText(bob, again);
  assert.deepEqual([second.created, second.updated, second.unchanged], [0, 0, 7]);
  assert.deepEqual(ofFabric(await listAll(alice, 'aliases'), fabric.id), aliases);
  assert.deepEqual(ofFabric(await listAll(alice, 'zones'), fabric.id), zones);

  // Round trip: flagged for creation on a new switch, the Brocade script names exactly them.
  await saveAliases(alice, aliases.map((a) => ({ id: a.id, version: a.version, create: true })));
  await saveZones(alice, zones.map((z) => ({ id: z.id, version: z.version, create: true })));
  const fabricNow = (await alice.get(`/api/san/fabrics/${fabric.id}/`)).body;
  await alice.patch(`/api/san/fabrics/${fabric.id}/`, { version: fabricNow.version, exists: false });
  const script = await alice.get(`/api/san/scripts/fabric/${fabric.id}/?kind=create`);
  assert.equal(script.status, 200, JSON.stringify(script.body));
  const named = (verb) => script.body.scripts[0].commands
    .filter((c) => c.startsWith(verb)).map((c) => c.match(/"([^"]+)"/)[1]).sort();
  assert.deepEqual(named('alicreate'), ['arr_ctl_a', 'db01_p0', 'web01_p0']);
  assert.deepEqual(named('zonecreate'), ['z_db01', 'z_spare', 'z_web01']);
  assert.deepEqual(named('cfgcreate'), ['PROD_CFG']);
  assert.ok(script.body.scripts[0].commands.includes('alicreate "web01_p0", "21:01:00:1b:32:a1:c0:a8;21:01:00:1b:32:a1:c0:a9"'));
});

test('import: conflicts are named, need a resolution, and take it', async () => {
  const fabric = await createFabric(alice, { name: 'CONFLICTS', san_vendor: 'BR', zoneset_name: 'PROD_CFG' });
  await importText(alice, { fabric: fabric.id, text: CFGSHOW, project: project.id });
  const changed = CFGSHOW
    .replace('db01_p0\t10:00:00:90:FA:C7:DA:42', 'db01_p0\t10:00:00:90:FA:C7:DA:43')
    .replace('z_web01\tweb01_p0;arr_ctl_a', 'z_web01\tweb01_p0');
  const seen = await preview(alice, { fabric: fabric.id, text: changed });
  assert.equal(seen.status, 200, JSON.stringify(seen.body));
  assert.deepEqual(seen.body.conflicts.map((c) => `${c.kind} ${c.name} ${c.reason}`),
    ['alias db01_p0 alias_wwpns', 'zone z_web01 zone_members']);
  const aliasConflict = seen.body.conflicts[0];
  assert.deepEqual(aliasConflict.stored, ['10:00:00:90:fa:c7:da:42']);
  assert.deepEqual(aliasConflict.imported, ['10:00:00:90:fa:c7:da:43']);
  assert.deepEqual(aliasConflict.resolutions, ['skip', 'replace', 'rename']);

  const unresolved = await apply(alice, { fabric: fabric.id, text: changed, digest: seen.body.digest });
  assert.equal(unresolved.status, 400);
  assert.match(unresolved.body.error, /no usable resolution/);

  // Renamed, the imported db01_p0 is a new alias: z_db01, which names it, then differs from the
  // stored zone too, and needs a resolution of its own.
  const resolutions = [{ kind: 'alias', name: 'db01_p0', action: 'rename' }, { kind: 'zone', name: 'z_web01', action: 'replace' }];
  const partly = await apply(alice, { fabric: fabric.id, text: changed, digest: seen.body.digest, resolutions });
  assert.equal(partly.status, 400);
  assert.match(partly.body.details[0], /^zone z_db01 \(zone_members\)/);
  const resolved = await apply(alice, {
    fabric: fabric.id, text: changed, digest: seen.body.digest, project: project.id,
    resolutions: [...resolutions, { kind: 'zone', name: 'z_db01', action: 'skip' }],
  });
  assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
  const aliases = ofFabric(await listAll(alice, 'aliases'), fabric.id);
  assert.deepEqual(aliases.find((a) => a.name === 'db01_p0').wwpns, ['10:00:00:90:fa:c7:da:42']);
  assert.deepEqual(aliases.find((a) => a.name === 'db01_p0_copy').wwpns, ['10:00:00:90:fa:c7:da:43']);
  const web = ofFabric(await listAll(alice, 'zones'), fabric.id).find((z) => z.name === 'z_web01');
  assert.deepEqual(web.members.map((m) => m.alias), [aliases.find((a) => a.name === 'web01_p0').id]);
  assert.equal(web.version, 1);
});

test('import: a zone saved between preview and apply makes the apply a 409 that writes nothing', async () => {
  const fabric = await createFabric(alice, { name: 'RACE', san_vendor: 'BR', zoneset_name: 'PROD_CFG' });
  await importText(alice, { fabric: fabric.id, text: CFGSHOW, project: project.id });
  const changed = CFGSHOW.replace(' zone:\tz_spare\tweb01_p0 \n', ' zone:\tz_spare\tweb01_p0 \n zone:\tz_new\tdb01_p0 \n');
  const seen = await preview(alice, { fabric: fabric.id, text: changed });
  assert.equal(seen.body.created, 1);
  const zone = ofFabric(await listAll(bob, 'zones'), fabric.id).find((z) => z.name === 'z_db01');
  await saveZones(bob, [{ id: zone.id, version: zone.version, notes: 'bob was here' }]);
  const before = await snapshot();

  const res = await apply(alice, { fabric: fabric.id, text: changed, digest: seen.body.digest });
  assert.equal(res.status, 409, JSON.stringify(res.body));
  assert.match(res.body.error, /changed since the preview/);
  assert.deepEqual(await snapshot(), before);
});

test('import: bad input is a 4xx and writes nothing; a 10 MB import is accepted', async () => {
  const before = await snapshot();
  const nothing = await preview(alice, { new_fabric: { name: 'X' }, text: 'hello\nworld\n' });
  assert.equal(nothing.status, 400);
  assert.match(nothing.body.errors.text, /neither Cisco MDS zoning output .* nor Brocade cfgshow output/);
  const binary = await preview(alice, { new_fabric: { name: 'X' }, text: 'cfg:\u0000\u0001' });
  assert.equal(binary.status, 400);
  assert.match(binary.body.errors.text, /binary/);
  const both = await preview(alice, { fabric: 1, new_fabric: { name: 'X' }, text: CFGSHOW });
  assert.equal(both.status, 400);
  const badFormat = await preview(alice, { new_fabric: { name: 'X' }, format: 'hp', text: CFGSHOW });
  assert.equal(badFormat.status, 400);
  const noDigest = await apply(alice, { new_fabric: { name: 'X' }, text: CFGSHOW });
  assert.equal(noDigest.status, 400);
  const wrongDigest = await apply(alice, { new_fabric: { name: 'X' }, text: CFGSHOW, digest: '00' });
  assert.equal(wrongDigest.status, 409);

  // A configuration of 10 MB (whitespace-padded cfgshow lines) passes the gateway and parses;
  // one byte more is refused by size.
  const line = (i) => ` alias:\tbig_${i}\t10:00:00:00:${((i >> 16) & 0xff).toString(16).padStart(2, '0')}:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}:01`;
  const lines = ['Defined configuration:'];
  for (let i = 0; i < 5000; i += 1) lines.push(line(i).padEnd(2000, ' '));
  let big = lines.join('\n') + '\n';
  big = big.padEnd(10 * 1024 * 1024, ' ');
  assert.equal(big.length, 10 * 1024 * 1024);
  const accepted = await preview(alice, { new_fabric: { name: 'BIG', zoneset_name: 'cfg_big' }, text: big });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body).slice(0, 300));
  assert.equal(accepted.body.aliases.length, 5000);
  const tooBig = await preview(alice, { new_fabric: { name: 'BIG' }, text: big + ' ' });
  assert.equal(tooBig.status, 400);
  assert.match(tooBig.body.errors.text, /over 10 MB/);
  assert.deepEqual(await snapshot(), before);
});

test("another customer's user gets 404 on every zoning route", async () => {
  const fabric = await createFabric(alice, { name: 'PRIVATE', san_vendor: 'BR', zoneset_name: 'cfg_p' });
  const paths = [
    `/api/san/scripts/fabric/${fabric.id}/?kind=create`,
    `/api/san/scripts/project/${project.id}/?kind=create`,
    `/api/san/fabrics/${fabric.id}/lint/`,
  ];
  for (const path of paths) {
    const res = await carol.get(path);
    assert.equal(res.status, 404, path);
  }
  const body = { customer: customerA.id, fabric: fabric.id, text: CFGSHOW };
  assert.equal((await carol.post('/api/san/import/preview/', body)).status, 404);
  assert.equal((await carol.post('/api/san/import/apply/', { ...body, digest: 'ab' })).status, 404);
  // Her own customer with alice's fabric: the fabric is not found either.
  const own = { customer: customerB.id, fabric: fabric.id, text: CFGSHOW };
  assert.equal((await carol.post('/api/san/import/preview/', own)).status, 404);
});
