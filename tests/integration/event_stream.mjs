// A Server-Sent Events reader of GET /api/events/ for tests and benchmarks, as a browser's
// EventSource reads it: with the client's cookies, optionally resuming with Last-Event-ID.
import { setTimeout as sleep } from 'node:timers/promises';

/** Parses SSE text into {id, event, data} records; comments (heartbeats) are counted apart. */
export class SseParser {
  constructor(onEvent, onComment = () => {}) {
    this.buffer = '';
    this.onEvent = onEvent;
    this.onComment = onComment;
    this.lastId = null;
  }

  push(text) {
    this.buffer += text;
    let end;
    while ((end = this.buffer.indexOf('\n\n')) !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const record = { event: 'message', data: [] };
      let fields = 0;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) { this.onComment(line.slice(1).trim()); continue; }
        const colon = line.indexOf(':');
        const name = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        fields++;
        if (name === 'id') record.id = value;
        else if (name === 'event') record.event = value;
        else if (name === 'data') record.data.push(value);
        else if (name === 'retry') record.retry = Number(value);
      }
      if (record.id !== undefined) this.lastId = record.id;
      if (fields === 0 || record.data.length === 0) continue;
      record.data = JSON.parse(record.data.join('\n'));
      this.onEvent(record);
    }
  }
}

/**
 * Opens the stream for `client` (a Client of client.mjs). Resolves once the answer's header is in:
 * {status, events (every event so far), next(predicate), lastId(), close()}. A 503 (the gateway has
 * not reached every service's feed yet, just after its start) is retried `attempts` times.
 */
export async function openEvents(baseUrl, client, { lastEventId, attempts = 50 } = {}) {
  const headers = { Accept: 'text/event-stream' };
  if (client.cookies.size) headers.Cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  if (lastEventId) headers['Last-Event-ID'] = lastEventId;
  const controller = new AbortController();
  let res;
  for (let attempt = 1; ; attempt++) {
    res = await fetch(baseUrl + '/api/events/', { headers, signal: controller.signal });
    if (res.status !== 503 || attempt >= attempts) break;
    await res.body?.cancel();
    await sleep(100);
  }
  const stream = {
    status: res.status,
    headers: res.headers,
    events: [],
    heartbeats: 0,
    ended: false,
    waiters: [],
    lastId: () => parser.lastId,
    /** The first event (from the start of the stream) matching `predicate`, when it arrives. */
    next(predicate) {
      const found = stream.events.find(predicate);
      if (found) return Promise.resolve(found);
      if (stream.ended) return Promise.reject(new Error('the event stream ended'));
      return new Promise((resolve, reject) => stream.waiters.push({ predicate, resolve, reject }));
    },
    close() { controller.abort(); },
    /** Resolves at the next comment line (a heartbeat). */
    heartbeat() { return new Promise((resolve) => stream.heartbeatWaiters.push(resolve)); },
    heartbeatWaiters: [],
    /** Resolves when the server ends the stream. */
    ended_: null,
  };
  let markEnded;
  stream.ended_ = new Promise((resolve) => { markEnded = resolve; });
  stream.whenEnded = () => stream.ended_;
  const parser = new SseParser((record) => {
    stream.events.push(record);
    stream.waiters = stream.waiters.filter((w) => {
      if (!w.predicate(record)) return true;
      w.resolve(record);
      return false;
    });
  }, () => {
    stream.heartbeats++;
    for (const resolve of stream.heartbeatWaiters.splice(0)) resolve();
  });
  if (res.status !== 200) {
    stream.body = await res.json();
    return stream;
  }
  (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body) parser.push(decoder.decode(chunk, { stream: true }));
    } catch { /* aborted */ }
    stream.ended = true;
    for (const w of stream.waiters) w.reject(new Error('the event stream ended'));
    stream.waiters = [];
    markEnded();
  })();
  return stream;
}
