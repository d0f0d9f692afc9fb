// The gateway's limits on clients: connections in total and per client address, the request rate
// per address (429 with Retry-After), and running out of file descriptors without spinning.
// Client addresses are 127.0.0.x, all loopback, so one test plays several clients.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startStack } from './stack.mjs';
import { open, waitFor, closedWithin, exchange, statuses, portOf } from './raw_http.mjs';

let stack;
let port;
before(async () => {
  stack = await startStack({
    services: [],
    env: {
      SANPLANE_MAX_CONNECTIONS: '30',
      SANPLANE_MAX_CONNECTIONS_PER_ADDRESS: '20',
      SANPLANE_RATE_LIMIT_PER_SECOND: '5',
      SANPLANE_RATE_LIMIT_BURST: '30',
    },
  });
  port = portOf(stack.url);
});
after(async () => { await stack?.stop(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const probe = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';

// Connections the gateway has accepted and answered once, held open (keep-alive).
async function hold(count, localAddress) {
  const sockets = await Promise.all(Array.from({ length: count }, () => open(port, localAddress)));
  for (const s of sockets) s.write(probe);
  const answered = await Promise.all(sockets.map((s) => waitFor(s, /"status":"ok"/)));
  assert.equal(answered.filter(Boolean).length, count, `${localAddress}: all ${count} answered`);
  return sockets;
}

async function answered(localAddress) {
  return statuses(await exchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { localAddress }));
}

test('connections are capped per client address and in total', async () => {
  const first = await hold(20, '127.0.0.1');
  // One more from the same address is closed unanswered; another address is still served.
  assert.deepEqual(await answered('127.0.0.1'), []);
  const second = await hold(10, '127.0.0.2');
  // 30 connections in all: a third address is refused too, though it has none.
  assert.deepEqual(await answered('127.0.0.3'), []);
  for (const s of [...first, ...second]) s.destroy();
  await sleep(300);
  assert.deepEqual(await answered('127.0.0.3'), [200]);
  assert.deepEqual(await answered('127.0.0.1'), [200]);
});

test('requests over the rate of an address are answered 429 with Retry-After', async () => {
  const results = [];
  for (let i = 0; i < 40; i++) {
    results.push(await exchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { localAddress: '127.0.0.5' }));
  }
  const codes = results.map((r) => statuses(r)[0]);
  const served = codes.filter((c) => c === 200).length;
  assert.ok(served >= 30 && served < 40, `served ${served} of 40: ${codes}`);
  const refused = results.find((r) => statuses(r)[0] === 429);
  assert.match(refused, /\r\nRetry-After: [1-9]\d*\r\n/i);
  assert.match(refused, /\r\n\r\n\{"error":"[^"]+"\}$/);
  // Other addresses keep their own budget.
  assert.deepEqual(await answered('127.0.0.6'), [200]);
});

// Not under `make sanitize`: the sanitizer runtime needs descriptors of its own (UBSan checks that
// memory is readable through a pipe), so a process starved of them reports errors it does not have.
test('out of file descriptors, accepting pauses without spinning and resumes when they free up', { skip: process.env.SANPLANE_SANITIZE === '1' && 'the sanitizer runtime needs descriptors too' }, async () => {
  const pid = stack.process('gateway').pid;
  const limits = execFileSync('prlimit', ['--pid', String(pid), '--nofile', '--output=SOFT,HARD', '--noheadings'], { encoding: 'utf8' }).trim().split(/\s+/);
  const inUse = readdirSync(`/proc/${pid}/fd`).length;
  execFileSync('prlimit', ['--pid', String(pid), `--nofile=${inUse + 4}:${limits[1]}`]);
  const logBefore = stack.logOf('gateway').length;
  let sockets = [];
  try {
    // More clients than descriptors: some are served, the rest wait in the listen backlog.
    sockets = await Promise.all(Array.from({ length: 15 }, () => open(port, '127.0.0.7')));
    for (const s of sockets) s.write(probe);
    await sleep(1500);
    const waiting = sockets.filter((s) => !/"status":"ok"/.test(s.received)).length;
    assert.ok(waiting > 0, 'the descriptor limit took effect');
    const log = stack.logOf('gateway').slice(logBefore);
    const paused = log.split('\n').filter((l) => l.includes('accepting paused')).length;
    const failures = log.split('\n').filter((l) => l.includes('accept failed')).length;
    // One line for the episode, not one per failed accept of a busy loop.
    assert.ok(paused <= 1 && failures === 0, `log lines: ${paused} paused, ${failures} failed`);
    // Closing them frees descriptors under the same limit: a new client is answered.
    for (const s of sockets) s.destroy();
    const s = await open(port, '127.0.0.8');
    s.write(probe);
    assert.ok(await waitFor(s, /"status":"ok"/, 3000), 'served after descriptors freed up');
    s.destroy();
  } finally {
    for (const s of sockets) s.destroy();
    execFileSync('prlimit', ['--pid', String(pid), `--nofile=${limits[0]}:${limits[1]}`]);
  }
  assert.match(stack.logOf('gateway').slice(logBefore), /accepting resumed/);
});
