// Project rules for rendered Kubernetes objects, beyond what a schema can say: hardening, probes,
// resources (memory request = limit, no CPU limit on sanplane's binaries), a ServiceAccount/
// Service/PDB/NetworkPolicy per binary, default-deny ingress and egress with each binary's egress
// limited to its gRPC peers, topology spread per rollout (and across zones, hard, with
// --zone-spread-required), references that resolve (ConfigMap keys, Secrets, ServiceAccounts,
// named ports), pinned image tags, and the Postgres connection budget: the pools of every replica
// the autoscalers may run fit in SANPLANE_PG_CONNECTION_BUDGET.
//   node tests/ops/k8s_policy.mjs [--expect-hpa] [--zone-spread-required]
//     [--external-secret NAME ...] rendered.yaml
import { loadYamlDocs, describe, fail } from './lib.mjs';

const args = process.argv.slice(2);
let expectHpa = false;
let zoneSpreadRequired = false;
const externalSecrets = new Set();
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--expect-hpa') expectHpa = true;
  else if (args[i] === '--zone-spread-required') zoneSpreadRequired = true;
  else if (args[i] === '--external-secret') externalSecrets.add(args[++i]);
  else files.push(args[i]);
}

const BINARIES = ['gateway', 'identity', 'presence', 'san', 'storage'];
const errors = [];
for (const file of files) {
  const objs = loadYamlDocs(file).map((d) => d.obj);
  const err = (o, msg) => errors.push(`${file}: ${describe(o)}: ${msg}`);
  const byKind = (k) => objs.filter((o) => o.kind === k);
  const find = (k, name) => objs.find((o) => o.kind === k && o.metadata?.name === name);
  const configMaps = byKind('ConfigMap');
  const workloads = [...byKind('Deployment'), ...byKind('StatefulSet')];

  for (const w of workloads) {
    const pod = w.spec?.template?.spec ?? {};
    const psc = pod.securityContext ?? {};
    if (psc.runAsNonRoot !== true) err(w, 'pod securityContext.runAsNonRoot must be true');
    if (psc.seccompProfile?.type !== 'RuntimeDefault') err(w, 'pod seccompProfile must be RuntimeDefault');
    if (!pod.serviceAccountName || !find('ServiceAccount', pod.serviceAccountName)) {
      err(w, `serviceAccountName ${pod.serviceAccountName} has no ServiceAccount`);
    }
    if (pod.automountServiceAccountToken !== false) err(w, 'automountServiceAccountToken must be false');
    const volumes = new Set([...(pod.volumes ?? []).map((v) => v.name),
      ...(w.spec?.volumeClaimTemplates ?? []).map((v) => v.metadata?.name)]);
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const where = `container ${c.name}`;
      const sc = c.securityContext ?? {};
      if (sc.readOnlyRootFilesystem !== true) err(w, `${where}: readOnlyRootFilesystem must be true`);
      if (sc.allowPrivilegeEscalation !== false) err(w, `${where}: allowPrivilegeEscalation must be false`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) err(w, `${where}: capabilities.drop must include ALL`);
      for (const [kind, res] of [['requests', 'cpu'], ['requests', 'memory'], ['limits', 'memory']]) {
        if (c.resources?.[kind]?.[res] === undefined) err(w, `${where}: resources.${kind}.${res} missing`);
      }
      if (!c.readinessProbe || !c.livenessProbe) err(w, `${where}: readinessProbe and livenessProbe required`);
      if (!/[:@]/.test(c.image ?? '') || /:latest$/.test(c.image)) err(w, `${where}: image ${c.image} needs a pinned tag`);
      // Images from elsewhere (the dev stores) are pinned by digest: a tag moves under us. Ours
      // get theirs from the build (`kustomize edit set image`).
      if (!/(^|\/)sanplane-[a-z]+([:@]|$)/.test(c.image ?? '') && !/@sha256:[0-9a-f]{64}$/.test(c.image ?? '')) {
        err(w, `${where}: image ${c.image} is not pinned by digest`);
      }
      for (const m of c.volumeMounts ?? []) {
        if (!volumes.has(m.name)) err(w, `${where}: volumeMount ${m.name} has no volume`);
      }
      for (const e of c.env ?? []) {
        const cm = e.valueFrom?.configMapKeyRef;
        if (cm) {
          const map = configMaps.find((m) => m.metadata.name === cm.name);
          if (!map) err(w, `${where}: env ${e.name}: ConfigMap ${cm.name} not rendered`);
          else if (!(cm.key in (map.data ?? {}))) err(w, `${where}: env ${e.name}: ConfigMap ${cm.name} has no key ${cm.key}`);
        }
        const sk = e.valueFrom?.secretKeyRef;
        if (sk) {
          const secret = find('Secret', sk.name);
          if (secret) {
            const keys = { ...(secret.data ?? {}), ...(secret.stringData ?? {}) };
            if (!(sk.key in keys) && !sk.optional) err(w, `${where}: env ${e.name}: Secret ${sk.name} has no key ${sk.key}`);
          } else if (!externalSecrets.has(sk.name)) {
            err(w, `${where}: env ${e.name}: Secret ${sk.name} neither rendered nor declared external`);
          }
        }
      }
    }
  }

  // Every sanplane binary: Deployment with the right probes, and its companions.
  for (const b of BINARIES) {
    const name = `sanplane-${b}`;
    const d = find('Deployment', name);
    if (!d) { errors.push(`${file}: Deployment/${name} missing`); continue; }
    const c = d.spec.template.spec.containers[0];
    for (const p of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      const probe = c[p];
      if (!probe) { err(d, `${p} missing`); continue; }
      if (b === 'gateway' && !probe.httpGet) err(d, `${p} must be an httpGet probe`);
      if (b !== 'gateway' && !probe.grpc) err(d, `${p} must be a native grpc probe`);
    }
    const resources = c.resources ?? {};
    if (resources.requests?.memory !== resources.limits?.memory) {
      err(d, `memory request ${resources.requests?.memory} must equal the limit ${resources.limits?.memory}`);
    }
    if (resources.limits?.cpu !== undefined) err(d, 'no CPU limit on a latency-bound server (CFS throttling)');
    const spread = d.spec.template.spec.topologySpreadConstraints ?? [];
    for (const key of ['kubernetes.io/hostname', 'topology.kubernetes.io/zone']) {
      const constraint = spread.find((t) => t.topologyKey === key);
      if (!constraint) { err(d, `no topology spread over ${key}`); continue; }
      if (!(constraint.matchLabelKeys ?? []).includes('pod-template-hash')) {
        err(d, `spread over ${key} must use matchLabelKeys [pod-template-hash]`);
      }
    }
    const zones = spread.find((t) => t.topologyKey === 'topology.kubernetes.io/zone');
    if (zoneSpreadRequired && zones && zones.whenUnsatisfiable !== 'DoNotSchedule') {
      err(d, 'spread across zones must be DoNotSchedule');
    }
    const policy = find('NetworkPolicy', name);
    if (policy && !(policy.spec.policyTypes ?? []).includes('Egress')) err(policy, 'must limit egress too');
    const grace = d.spec.template.spec.terminationGracePeriodSeconds ?? 30;
    const drainMs = Number(configMaps[0]?.data?.SANPLANE_DRAIN_TIMEOUT_MS ?? 10000);
    if (grace * 1000 <= drainMs) err(d, `terminationGracePeriodSeconds ${grace} must exceed the drain timeout ${drainMs} ms`);
    for (const k of ['ServiceAccount', 'Service', 'PodDisruptionBudget', 'NetworkPolicy']) {
      if (!find(k, name)) errors.push(`${file}: ${k}/${name} missing`);
    }
    const hpa = find('HorizontalPodAutoscaler', name);
    if (expectHpa && !hpa) errors.push(`${file}: HorizontalPodAutoscaler/${name} missing`);
    if (!expectHpa && hpa) errors.push(`${file}: HorizontalPodAutoscaler/${name} not expected here`);
    if (hpa && hpa.spec.scaleTargetRef?.name !== name) err(hpa, 'scaleTargetRef does not name its Deployment');
  }

  // Services and NetworkPolicies select real pods, and their named ports exist on those pods.
  const podsMatching = (sel) => workloads.filter((w) => {
    const labels = w.spec?.template?.metadata?.labels ?? {};
    return Object.entries(sel ?? {}).every(([k, v]) => labels[k] === v);
  });
  const portNames = (ws) => new Set(ws.flatMap((w) => w.spec.template.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => p.name))));
  for (const s of byKind('Service')) {
    const pods = podsMatching(s.spec?.selector);
    if (!pods.length) { err(s, 'selector matches no workload'); continue; }
    const names = portNames(pods);
    for (const p of s.spec.ports ?? []) {
      if (typeof p.targetPort === 'string' && !names.has(p.targetPort)) err(s, `targetPort ${p.targetPort} is not a container port name`);
    }
  }
  for (const np of byKind('NetworkPolicy')) {
    const sel = np.spec?.podSelector?.matchLabels;
    if (!sel || !Object.keys(sel).length) continue; // namespace-wide policy
    const pods = podsMatching(sel);
    if (!pods.length) { err(np, 'podSelector matches no workload'); continue; }
    const names = portNames(pods);
    for (const rule of np.spec.ingress ?? []) {
      for (const p of rule.ports ?? []) {
        if (typeof p.port === 'string' && !names.has(p.port)) err(np, `port ${p.port} is not a container port name`);
      }
      for (const peer of rule.from ?? []) {
        if (peer.podSelector?.matchLabels && !peer.namespaceSelector && !podsMatching(peer.podSelector.matchLabels).length) {
          err(np, `from podSelector ${JSON.stringify(peer.podSelector.matchLabels)} matches no workload`);
        }
      }
    }
  }
  const defaultDeny = byKind('NetworkPolicy').find((np) => !Object.keys(np.spec?.podSelector ?? {}).length
    && !(np.spec.ingress ?? []).length && !(np.spec.egress ?? []).length);
  if (!defaultDeny || !['Ingress', 'Egress'].every((t) => defaultDeny.spec.policyTypes?.includes(t))) {
    errors.push(`${file}: no default-deny NetworkPolicy for both ingress and egress`);
  }
  for (const np of byKind('NetworkPolicy')) {
    for (const rule of np.spec?.egress ?? []) {
      for (const peer of rule.to ?? []) {
        const labels = peer.podSelector?.matchLabels;
        if (!labels || peer.namespaceSelector) continue;
        const pods = podsMatching(labels);
        if (!pods.length) { err(np, `to podSelector ${JSON.stringify(labels)} matches no workload`); continue; }
        const names = portNames(pods);
        for (const p of rule.ports ?? []) {
          if (typeof p.port === 'string' && !names.has(p.port)) err(np, `egress port ${p.port} is not a port name of ${JSON.stringify(labels)}`);
        }
      }
    }
    for (const rule of np.spec?.ingress ?? []) {
      for (const peer of rule.from ?? []) {
        if (peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'prometheus') {
          err(np, 'admit the scraper by the namespace label sanplane.io/metrics-scraper, not by a namespace name');
        }
      }
    }
  }

  // Every connection the pools of all replicas may open fits the budget the database (or its
  // pooler) gives sanplane.
  const settings = configMaps.find((m) => m.metadata.name.startsWith('sanplane-config'))?.data ?? {};
  const budget = Number(settings.SANPLANE_PG_CONNECTION_BUDGET);
  if (!Number.isFinite(budget) || budget <= 0) {
    errors.push(`${file}: sanplane-config needs SANPLANE_PG_CONNECTION_BUDGET (connections sanplane may open)`);
  } else {
    let total = 0;
    const parts = [];
    for (const b of BINARIES) {
      const d = find('Deployment', `sanplane-${b}`);
      const env = d?.spec.template.spec.containers[0].env ?? [];
      if (!env.some((e) => e.name === 'SANPLANE_PG_DSN')) continue;
      const size = Number(env.find((e) => e.name === 'SANPLANE_PG_POOL_SIZE')?.value ?? 8);
      const replicas = find('HorizontalPodAutoscaler', `sanplane-${b}`)?.spec.maxReplicas ?? d.spec.replicas ?? 1;
      total += size * replicas;
      parts.push(`${b} ${replicas}×${size}`);
    }
    if (total > budget) {
      errors.push(`${file}: Postgres pools may open ${total} connections (${parts.join(' + ')}), over the budget of ${budget}`);
    }
  }

  for (const pdb of byKind('PodDisruptionBudget')) {
    if (!podsMatching(pdb.spec?.selector?.matchLabels).length) err(pdb, 'selector matches no workload');
  }
}
if (errors.length) fail(errors);
console.log(`policy: ${files.length} rendered overlay(s) follow the project rules`);
