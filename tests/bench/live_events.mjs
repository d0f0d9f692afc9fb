// What GET /api/events/ costs and how fast it fans out, against one private stack:
//  1. memory: the gateway's resident memory before and after opening many idle streams (10,000 by
//     default), per stream and in total, and the latency of ordinary requests with them open;
//  2. fan-out: with 1,000 streams of members of one customer open, zone saves one at a time; the
//     lag from each save's request to its event on every stream, p50/p99/max.
// Streams are raw sockets (no EventSource library), so the client's own cost stays small.
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { startStack } from '../integration/stack.mjs';
import { adminClient, newCustomer, newProject, newUser } from '../integration/fixtures.mjs';
import { SseParser } from '../integration/event_stream.mjs';

const IDLE_STREAMS = Number(process.env.SANPLANE_BENCH_IDLE_STREAMS ?? 10000);
const FANOUT_STREAMS = Number(process.env.SANPLANE_BENCH_FANOUT_STREAMS ?? 1000);
const SAVES = Number(process.env.SANPLANE_BENCH_FANOUT_SAVES ?? 20);

const stack = await startStack({
  env: {
    SANPLANE_MAX_CONNECTIONS: String(IDLE_STREAMS + 1000),
    SANPLANE_MAX_CONNECTIONS_PER_ADDRESS: String(IDLE_STREAMS + 1000),
    SANPLANE_LOG_LEVEL: 'warn',
  },
});
const port = Number(new URL(stack.url).port);
const rssKiB = () => Number(readFileSync(`/proc/${stack.process('gateway').pid}/status`, 'utf8')
  .match(/VmRSS:\s+(\d+)/)[1]);
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** One stream on a raw socket; `onEvent(record, receivedAt)`; resolves once `ready` arrived. */
function openStream(cookie, onEvent = () => {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let header = '';
    let parser = null;
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(
      `GET /api/events/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCookie: ${cookie}\r\n\r\n`));
    socket.on('data', (text) => {
      if (!parser) {
        header += text;
        const end = header.indexOf('\r\n\r\n');
        if (end === -1) return;
        if (!header.startsWith('HTTP/1.1 200')) return reject(new Error(header.split('\r\n')[0]));
        parser = new SseParser((record) => {
          if (record.event === 'ready') resolve(socket);
          onEvent(record, performance.now());
        });
        text = header.slice(end + 4);
      }
      parser.push(text);
    });
    socket.on('error', reject);
  });
}

async function timeRequests(client, count) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await client.get('/api/san/fabrics/');
    if (res.status !== 200) throw new Error(`fabrics: ${res.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

try {
  const admin = await adminClient(stack);
  const customer = await newCustomer(admin);
  const project = await newProject(admin, customer.id);
  const watcher = await newUser(stack, admin, { customers: [customer.id] });
  const cookie = [...watcher.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const fabric = (await admin.post('/api/san/fabrics/', {
    customer: customer.id, name: 'FAB_LIVE', zoneset_name: 'zs', san_vendor: 'BR',
  })).body;
  let zone = (await admin.post('/api/san/zones/save/', {
    project_id: project.id, zones: [{ fabric: fabric.id, name: 'z_live' }],
  })).body.zones[0];

  // 1. Idle streams.
  const quiet = await timeRequests(admin, 200);
  const before = rssKiB();
  const idle = [];
  const opened = performance.now();
  for (let i = 0; i < IDLE_STREAMS; i += 200) {
    const batch = Math.min(200, IDLE_STREAMS - i);
    idle.push(...await Promise.all(Array.from({ length: batch }, () => openStream(cookie))));
  }
  const openSeconds = (performance.now() - opened) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  const after = rssKiB();
  const busy = await timeRequests(admin, 200);
  console.log(`idle streams: ${IDLE_STREAMS} opened in ${openSeconds.toFixed(1)} s; gateway RSS ` +
    `${(before / 1024).toFixed(1)} MiB -> ${(after / 1024).toFixed(1)} MiB: ` +
    `${((after - before) / IDLE_STREAMS).toFixed(1)} KiB per stream`);
  console.log(`GET /api/san/fabrics/ p50/p99: ${quiet.p50.toFixed(2)}/${quiet.p99.toFixed(2)} ms ` +
    `without streams, ${busy.p50.toFixed(2)}/${busy.p99.toFixed(2)} ms with them`);
  for (const socket of idle) socket.destroy();

  // 2. Fan-out.
  const sentAt = new Map();  // version -> when its save was sent
  const answeredAt = new Map();  // version -> when its save was answered
  const lags = [];
  const arrivalsAt = [];  // [version, when]
  const arrivals = new Map();  // version -> streams reached
  let allArrived = () => {};
  const fanout = [];
  for (let i = 0; i < FANOUT_STREAMS; i += 200) {
    fanout.push(...await Promise.all(Array.from({ length: Math.min(200, FANOUT_STREAMS - i) }, () =>
      openStream(cookie, (record, at) => {
        if (record.event !== 'change' || record.data.id !== zone.id || !sentAt.has(record.data.version)) return;
        lags.push(at - sentAt.get(record.data.version));
        arrivalsAt.push([record.data.version, at]);
        const reached = (arrivals.get(record.data.version) ?? 0) + 1;
        arrivals.set(record.data.version, reached);
        if (reached === FANOUT_STREAMS) allArrived();
      }))));
  }
  for (let i = 0; i < SAVES; i++) {
    const arrived = new Promise((r) => { allArrived = r; });
    sentAt.set(zone.version + 1, performance.now());
    const res = await admin.post('/api/san/zones/save/', {
      project_id: project.id, zones: [{ id: zone.id, version: zone.version, notes: `save ${i}` }],
    });
    if (res.status !== 200) throw new Error(`save: ${res.status} ${JSON.stringify(res.body)}`);
    answeredAt.set(zone.version + 1, performance.now());
    zone = res.body.zones[0];
    await arrived;
  }
  lags.sort((a, b) => a - b);
  // After the answer: what a reader of the save's answer waits on top (negative: the event came
  // first).
  const afterAnswer = arrivalsAt.map(([version, at]) => at - answeredAt.get(version)).sort((a, b) => a - b);
  console.log(`fan-out: ${SAVES} zone saves to ${FANOUT_STREAMS} streams (${lags.length} events): ` +
    `lag from save request to event p50 ${quantile(lags, 0.5).toFixed(1)} ms, ` +
    `p99 ${quantile(lags, 0.99).toFixed(1)} ms, max ${lags[lags.length - 1].toFixed(1)} ms; ` +
    `from the save's answer p50 ${quantile(afterAnswer, 0.5).toFixed(1)} ms, ` +
    `p99 ${quantile(afterAnswer, 0.99).toFixed(1)} ms`);
  for (const socket of fanout) socket.destroy();
} finally {
  await stack.stop();
}
