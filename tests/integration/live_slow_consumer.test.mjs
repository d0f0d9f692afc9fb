// A browser that opens GET /api/events/ and then stops reading must not make the gateway hold
// every later event for it: once its queue passes the bound (256 KiB) it is dropped and counted,
// while a stream that reads gets every event. No clocks: the drop is shown by the metric and by
// the stalled connection ending, the delivery by the reader seeing the last save.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { startStack } from './stack.mjs';
import { adminClient, customersAandB, newProject, unique } from './fixtures.mjs';
import { openEvents } from './event_stream.mjs';

let stack;
let alice, bob, project, fabric;

before(async () => {
  stack = await startStack();
  const admin = await adminClient(stack);
  let customer;
  ({ alice, bob, customerA: customer } = await customersAandB(stack, admin, 'Slow'));
  project = await newProject(alice, customer.id, 'Slow project');
  const created = await alice.post('/api/san/fabrics/', {
    customer: customer.id, name: 'FabS', zoneset_name: 'cfg_fabs', san_vendor: 'BR',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  fabric = created.body;
});

after(async () => {
  await stack?.stop();
});

async function droppedSlow() {
  const text = await stack.scrape('sanplane-gateway');
  const line = text.split('\n').find((l) => l.startsWith('sanplane_event_streams_dropped_slow_total'));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** Opens the event stream over a bare socket, reads the answer's header, then stops reading. */
async function stalledStream(client) {
  const { port } = new URL(stack.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  await once(socket, 'connect');
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  socket.write(`GET /api/events/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n` +
    `Cookie: ${cookie}\r\n\r\n`);
  let received = '';
  while (!received.includes('event: ready')) {
    const [chunk] = await once(socket, 'data');
    received += chunk.toString();
  }
  assert.match(received, /^HTTP\/1\.1 200/);
  socket.pause();
  const ended = new Promise((resolve) => socket.on('close', resolve));
  return { socket, ended };
}

const wwpn = (n) => `10:00:00:10:9b:${(n >> 16 & 255).toString(16).padStart(2, '0')}:` +
  `${(n >> 8 & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;

test('a stream that stops reading is dropped at its bound; one that reads gets every event', async () => {
  const droppedBefore = await droppedSlow();
  const reader = await openEvents(stack.url, bob);
  assert.equal(reader.status, 200);
  await reader.next((e) => e.event === 'ready');
  const stalled = await stalledStream(alice);

  // Each created alias is one change event of about 250 bytes; the socket buffers of a loopback
  // connection take a few MiB before the gateway's queue grows at all, so write far more than that.
  const batch = 500;
  let last;
  let n = 0;
  while (await droppedSlow() === droppedBefore) {
    assert.ok(n < 60_000, 'the stalled stream was never dropped');
    const aliases = Array.from({ length: batch }, () => {
      n++;
      return { fabric: fabric.id, name: unique(`slow${n}`), wwpn: wwpn(n), use: 'init' };
    });
    const saved = await alice.post('/api/san/aliases/save/', { project_id: project.id, aliases });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    last = saved.body.aliases.at(-1);
  }
  assert.equal(await droppedSlow(), droppedBefore + 1, 'only the stalled stream is dropped');

  // Reading again, the stalled connection delivers what the kernel held and then ends.
  stalled.socket.resume();
  stalled.socket.on('data', () => {});
  await stalled.ended;

  // The reading stream was not dropped and saw the last save.
  const seen = await reader.next((e) => e.event === 'change' && e.data.entity === 'alias' &&
    e.data.id === last.id && e.data.version === last.version);
  assert.equal(seen.data.by, 'alice');
  reader.close();
});
