// Consistency of deploy/docker: compose build targets exist as Dockerfile stages, each sanplane
// container is hardened, the addresses services are given name compose services on the right
// ports, and deploy/prometheus/prometheus.yml scrapes compose services on their metrics ports.
// (No Docker engine here: neither the images nor the stack can be built or started.)
//   node tests/ops/compose.mjs deploy/docker deploy/prometheus
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadYamlDocs, fail } from './lib.mjs';

const [dockerDir, promDir] = process.argv.slice(2);
const compose = loadYamlDocs(join(dockerDir, 'compose.yaml'))[0].obj;
const dockerfile = readFileSync(join(dockerDir, 'Dockerfile'), 'utf8');
const stages = new Set([...dockerfile.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((m) => m[1]));
const PORTS = { identity: [50051, 9101], presence: [50052, 9102], san: [50053, 9103], storage: [50054, 9104], gateway: [8000, 9100] };
const errors = [];
const services = compose.services ?? {};
for (const name of Object.keys(PORTS)) {
  const s = services[name];
  if (!s) { errors.push(`compose: service ${name} missing`); continue; }
  if (s.build?.target !== name || !stages.has(name)) errors.push(`compose ${name}: build target ${s.build?.target} is not the Dockerfile stage ${name}`);
  if (s.read_only !== true) errors.push(`compose ${name}: read_only must be true`);
  if (!(s.cap_drop ?? []).includes('ALL')) errors.push(`compose ${name}: cap_drop must include ALL`);
  if (!String(s.user ?? '').match(/^[1-9][0-9]*:[0-9]+$/)) errors.push(`compose ${name}: user must be a numeric non-root uid:gid`);
  for (const [k, v] of Object.entries(s.environment ?? {})) {
    const m = /^SANPLANE_(IDENTITY|PRESENCE|SAN|STORAGE)_ADDR$/.exec(k);
    if (m) {
      const target = m[1].toLowerCase();
      if (v !== `${target}:${PORTS[target][0]}`) errors.push(`compose ${name}: ${k}=${v}, expected ${target}:${PORTS[target][0]}`);
    }
    if (k === 'SANPLANE_REDIS_ADDR' && !services[String(v).split(':')[0]]) errors.push(`compose ${name}: ${k}=${v} names no service`);
  }
}
// The stores of the default stack are pinned by digest like the base (the optional monitoring
// profile runs tagged images).
for (const [name, s] of Object.entries(services)) {
  if (s.build || s.profiles) continue;
  if (!/@sha256:[0-9a-f]{64}$/.test(s.image ?? '')) errors.push(`compose ${name}: image ${s.image} is not pinned by digest`);
}
for (const stage of ['build', 'runtime', ...Object.keys(PORTS)]) if (!stages.has(stage)) errors.push(`Dockerfile: stage ${stage} missing`);
if (!/^USER\s+[1-9][0-9]*(:[0-9]+)?\s*$/m.test(dockerfile)) errors.push('Dockerfile: no numeric non-root USER');
if (/libboost-[a-z]+-dev/.test(dockerfile)) errors.push('Dockerfile: unversioned libboost-*-dev pulls Boost 1.74');
// The images run the code CI tested, so they are compiled as the Makefile compiles it.
const makefile = readFileSync(join(dockerDir, '..', '..', 'Makefile'), 'utf8');
const makeBuildType = /^CMAKE_FLAGS \?=.*-DCMAKE_BUILD_TYPE=(\S+)/m.exec(makefile)?.[1];
const dockerBuildTypes = [...dockerfile.matchAll(/-DCMAKE_BUILD_TYPE=(\S+)/g)].map((m) => m[1]);
if (!makeBuildType) errors.push('Makefile: CMAKE_FLAGS names no CMAKE_BUILD_TYPE');
else if (dockerBuildTypes.length === 0 || dockerBuildTypes.some((t) => t !== makeBuildType)) {
  errors.push(`Dockerfile: CMAKE_BUILD_TYPE ${dockerBuildTypes.join(', ') || 'unset'}, the Makefile builds ${makeBuildType}`);
}
// One base, pinned by digest, and every stage starts from it or from another stage.
if (!/^ARG BASE_IMAGE=\S+@sha256:[0-9a-f]{64}$/m.test(dockerfile)) errors.push('Dockerfile: BASE_IMAGE is not pinned by digest');
for (const [, from] of dockerfile.matchAll(/^FROM\s+(\S+)/gim)) {
  if (from !== '${BASE_IMAGE}' && !stages.has(from)) errors.push(`Dockerfile: FROM ${from} is neither \${BASE_IMAGE} nor a stage`);
}
// The context is the repository root: local state and build output stay out of it.
const ignored = new Set(readFileSync(join(dockerDir, '..', '..', '.dockerignore'), 'utf8')
  .split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#')));
for (const entry of ['.git', '.run', 'build*', '**/node_modules']) {
  if (!ignored.has(entry)) errors.push(`.dockerignore: ${entry} missing`);
}

const prom = loadYamlDocs(join(promDir, 'prometheus.yml'))[0].obj;
for (const job of prom.scrape_configs) {
  const name = job.job_name.replace(/^sanplane-/, '');
  for (const t of job.static_configs?.flatMap((s) => s.targets) ?? []) {
    const [host, port] = t.split(':');
    if (!services[host]) errors.push(`prometheus.yml ${job.job_name}: target ${t} is no compose service`);
    if (PORTS[name] && Number(port) !== PORTS[name][1]) errors.push(`prometheus.yml ${job.job_name}: port ${port}, metrics are on ${PORTS[name][1]}`);
  }
}
if (errors.length) fail(errors);
console.log(`compose: ${Object.keys(services).length} services, ${stages.size} Dockerfile stages, scrape targets consistent`);
