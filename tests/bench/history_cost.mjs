// What the version history costs a zone save: the bytes of history one save leaves, and the time
// of a save with the history triggers and without them, in one run against one private stack.
// Saves alternate between a notes edit and a change of members (each moves the version), one at a
// time over HTTP, in rounds that switch the zones' triggers off and on, so both sides meet the
// same machine at the same moments.
import { execFileSync } from 'node:child_process';
import { startStack } from '../integration/stack.mjs';
import { adminClient, newCustomer, newProject } from '../integration/fixtures.mjs';

const SAVES_PER_ROUND = Number(process.env.SANPLANE_BENCH_HISTORY_SAVES ?? 200);
const ROUNDS = 4;

const stack = await startStack({ env: { SANPLANE_LOG_LEVEL: 'warn' } });
const psql = (sql) => execFileSync('/usr/lib/postgresql/15/bin/psql',
  [stack.pgDsn, '-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' }).trim();
const setTriggers = (on) => psql(
  `ALTER TABLE san.zones ${on ? 'ENABLE' : 'DISABLE'} TRIGGER zones_history_update`);

try {
  const admin = await adminClient(stack);
  const customer = await newCustomer(admin);
  const project = await newProject(admin, customer.id);
  const fabric = (await admin.post('/api/san/fabrics/', {
    customer: customer.id, name: 'FAB_HISTORY', zoneset_name: 'zs', san_vendor: 'BR',
  })).body;
  const aliases = (await admin.post('/api/san/aliases/save/', {
    project_id: project.id,
    aliases: [1, 2, 3].map((i) => ({ fabric: fabric.id, name: `a${i}`, wwpn: `10:00:00:00:00:00:00:0${i}` })),
  })).body.aliases;
  let zone = (await admin.post('/api/san/zones/save/', {
    project_id: project.id,
    zones: [{ fabric: fabric.id, name: 'z_history', notes: 'round 0', members: [{ alias: aliases[0].id }] }],
  })).body.zones[0];

  let step = 0;
  async function save() {
    step += 1;
    const change = step % 2 === 0
      ? { notes: `save ${step}: notes of a typical length, a line or two written by an engineer` }
      : { members: aliases.slice(0, 1 + (step % 3)).map((a) => ({ alias: a.id })) };
    const res = await admin.post('/api/san/zones/save/', {
      project_id: project.id, zones: [{ id: zone.id, version: zone.version, ...change }],
    });
    if (res.status !== 200 || res.body.zones[0].version !== zone.version + 1) {
      throw new Error(`save ${step}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    zone = res.body.zones[0];
  }

  // Postgres times the trigger function itself (total_time includes what it calls), which the
  // HTTP timings, noisy on a shared machine, cannot isolate.
  psql("ALTER SYSTEM SET track_functions = 'pl'");
  psql('SELECT pg_reload_conf()');

  const millis = { on: 0, off: 0 };
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const side of round % 2 === 0 ? ['on', 'off'] : ['off', 'on']) {
      setTriggers(side === 'on');
      const started = process.hrtime.bigint();
      for (let i = 0; i < SAVES_PER_ROUND; i += 1) await save();
      millis[side] += Number(process.hrtime.bigint() - started) / 1e6;
    }
  }
  setTriggers(true);

  const saves = SAVES_PER_ROUND * ROUNDS;
  const [entries, rowBytes, snapshotBytes, changesBytes] = psql(
    `SELECT count(*), sum(pg_column_size(h.*)), sum(pg_column_size(snapshot)), sum(pg_column_size(changes))
       FROM san.history h WHERE entity = 'zone' AND record_id = ${zone.id} AND action = 'update'`)
    .split('|').map(Number);
  // Idle connections flush their statistics within 10 s (PostgreSQL 15).
  await new Promise((resolve) => { setTimeout(resolve, 11000); });
  const [triggerCalls, triggerMillis] = psql(
    `SELECT calls, total_time FROM pg_stat_user_functions
      WHERE schemaname = 'san' AND funcname = 'record_history'`).split('|').map(Number);
  const tableBytes = Number(psql(`SELECT pg_total_relation_size('san.history')`));
  const allEntries = Number(psql('SELECT count(*) FROM san.history'));

  console.log(`\nZone saves one at a time over HTTP, ${saves} with the history trigger and ${saves} without`);
  console.log('| measure | value |');
  console.log('|---|---|');
  console.log(`| history entries written by the saves with the trigger | ${entries} (of ${saves} saves) |`);
  console.log(`| bytes per entry (row as stored) | ${(rowBytes / entries).toFixed(0)} |`);
  console.log(`| of which snapshot / changes | ${(snapshotBytes / entries).toFixed(0)} / ${(changesBytes / entries).toFixed(0)} |`);
  console.log(`| history table with indexes, per entry | ${(tableBytes / allEntries).toFixed(0)} bytes (${allEntries} entries) |`);
  console.log(`| mean save with trigger | ${(millis.on / saves).toFixed(2)} ms |`);
  console.log(`| mean save without trigger | ${(millis.off / saves).toFixed(2)} ms |`);
  console.log(`| ratio with / without | ${(millis.on / millis.off).toFixed(3)} |`);
  console.log(`| time in the trigger per entry (Postgres) | ${(triggerMillis / triggerCalls).toFixed(3)} ms (${triggerCalls} calls) |`);
} finally {
  await stack.stop();
}
