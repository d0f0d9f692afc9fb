// One project at scale, seeded through the API on a private stack: two fabrics, `aliases` aliases
// (host initiators and a pool of array targets per fabric) and `zones` zones of one host and two
// targets each. Shared by the UI benchmark (ui_tables.mjs) and the hot-path benchmark
// (hot_paths.mjs). Returns { customer, project, fabrics, aliases }, the project active for `admin`.

export async function ok(answer, what) {
  if (answer.status >= 300) throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

const wwpn = (prefix, n) => `${prefix}:${(n >> 16 & 255).toString(16).padStart(2, '0')}:${(n >> 8 & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;

/** Two fabrics; per fabric, host initiators and a pool of array targets; zones of one host and two targets. */
// `batch`: records per save, at most the SAN service's default largest bulk save (1,000); smaller
// batches keep each save inside the gateway's deadline on a loaded machine.
export async function seedProject(admin, { aliases: ALIASES = 5000, zones: ZONES = 3000, batch: BATCH = 1000 } = {}) {
  const customer = await ok(await admin.post('/api/customers/', { name: 'Bench Corp', notes: '' }), 'customer');
  const project = await ok(await admin.post('/api/core/projects/', { name: 'Bench', customer: customer.id, notes: '' }), 'project');
  const fabrics = [];
  for (const [i, name] of ['FAB_A', 'FAB_B'].entries()) {
    fabrics.push(await ok(await admin.post('/api/san/fabrics/', {
      customer: customer.id, name, zoneset_name: `cfg_${name.toLowerCase()}`, san_vendor: 'BR', domain_id: i + 1,
    }), 'fabric'));
  }
  const perFabric = Math.ceil(ALIASES / fabrics.length);
  const targets = Math.max(2, Math.min(200, Math.floor(perFabric / 10)));
  const aliases = [];
  for (let n = 0; n < ALIASES; n += 1) {
    const f = n % fabrics.length;
    const i = Math.floor(n / fabrics.length);
    const host = i < perFabric - targets;
    aliases.push(host
      ? { fabric: fabrics[f].id, name: `host${String(i).padStart(4, '0')}_hba${f}`, wwpn: wwpn(`10:00:00:10:9b`, n), use: 'init', cisco_alias: 'device-alias', include_in_zoning: true, notes: `host ${i}` }
      : { fabric: fabrics[f].id, name: `array_p${String(i).padStart(4, '0')}_f${f}`, wwpn: wwpn(`50:05:07:68:10`, n), use: 'target', cisco_alias: 'device-alias', include_in_zoning: true, notes: 'array port' });
  }
  const saved = [];
  for (let start = 0; start < aliases.length; start += BATCH) {
    const body = await ok(await admin.post('/api/san/aliases/save/', { project_id: project.id, aliases: aliases.slice(start, start + BATCH) }), 'aliases');
    saved.push(...body.aliases);
  }
  const byFabric = fabrics.map((f) => ({
    hosts: saved.filter((a) => a.fabric === f.id && a.use === 'init'),
    targets: saved.filter((a) => a.fabric === f.id && a.use === 'target'),
  }));
  const zones = [];
  for (let n = 0; n < ZONES; n += 1) {
    const f = n % fabrics.length;
    const { hosts, targets: ports } = byFabric[f];
    const i = Math.floor(n / fabrics.length);
    const host = hosts[i % hosts.length];
    zones.push({
      fabric: fabrics[f].id, name: `z_${host.name}_${i}`, zone_type: 'standard', notes: '',
      members: [host, ports[i % ports.length], ports[(i + 1) % ports.length]].map((a) => ({ alias: a.id })),
    });
  }
  for (let start = 0; start < zones.length; start += BATCH) {
    await ok(await admin.post('/api/san/zones/save/', { project_id: project.id, zones: zones.slice(start, start + BATCH) }), 'zones');
  }
  await ok(await admin.put('/api/core/user-config/', { active_customer_id: customer.id, active_project_id: project.id }), 'context');
  return { customer, project, fabrics, aliases: saved };
}
