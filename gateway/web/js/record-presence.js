// Record presence: who has which record open. This tab's own open record is announced with
// POST /api/core/editing/ (renewed while open, since it lapses after 30 s) and withdrawn with
// DELETE; the records others have open come from `editing` events, and, for a record shown before
// anyone said so on this stream, from GET /api/core/editing/records/ (the rows shown in one
// request; read once per record per stream: a `ready` starts over, since `editing` events are
// state and are not replayed).
import { useEffect, useState } from 'preact/hooks';
import { api, cookie } from './api.js';
import { onLive } from './live.js';

const EDITING_URL = '/api/core/editing/';
// Who has which of some records of one kind open: ?entity=zone&ids=7,9 (at most 200 ids).
const RECORDS_URL = '/api/core/editing/records/';
const READ_BATCH = 200;
const READS_AT_ONCE = 2;
const RENEW_MS = 20000;
// How long a record stays open before it is announced.
const SETTLE_MS = 300;
// How long the records shown stay the same before who has them open is read.
const WATCH_SETTLE_MS = 200;

const keyOf = (entity, id) => `${entity}:${id}`;

// "entity:id" -> Map(user id -> user): who else has the record open.
const openBy = new Map();
// Keys read with GET since the last `ready`, or being read.
const read = new Set();
// Keys whose `editing` events arrived while their GET was under way: the GET is older news.
const touched = new Set();
// Keys some component shows: key -> how many.
const watched = new Map();
const queue = [];
let reading = 0;
const subscribers = new Set();
let wired = false;

function notify(entity) {
  for (const handler of [...subscribers]) handler(entity);
}

function applyEvent({ action, user, entity, id }) {
  if (!user || id === undefined) return;
  const key = keyOf(entity, id);
  touched.add(key);
  const users = openBy.get(key) || new Map();
  if (action === 'open') users.set(user.id, user);
  else users.delete(user.id);
  if (users.size) openBy.set(key, users);
  else openBy.delete(key);
  notify(entity);
}

/**
 * Reads who has the queued records open: the keys of one entity at a time, up to READ_BATCH in one
 * GET of the records endpoint (a table's rows in view are one request), at most READS_AT_ONCE.
 */
function pump() {
  while (reading < READS_AT_ONCE && queue.length) {
    const entity = queue[0].split(':')[0];
    const keys = [];
    const rest = [];
    for (const key of queue) {
      if (!watched.has(key)) read.delete(key);
      else if (keys.length < READ_BATCH && key.startsWith(`${entity}:`)) keys.push(key);
      else rest.push(key);
    }
    queue.splice(0, queue.length, ...rest);
    if (!keys.length) continue;
    reading += 1;
    for (const key of keys) touched.delete(key);
    const ids = keys.map((key) => key.slice(entity.length + 1));
    api.get(RECORDS_URL, { entity, ids: ids.join(',') }, { auth: false })
      .then((answer) => {
        const editorsById = new Map((answer?.records || []).map((r) => [String(r.id), r.editors || []]));
        let changed = false;
        keys.forEach((key, i) => {
          // An `editing` event that arrived meanwhile is newer than this answer.
          if (touched.has(key)) return;
          const users = new Map((editorsById.get(ids[i]) || []).map((e) => [e.user.id, e.user]));
          // Most records shown have nobody on them: such an answer changes nothing to draw (each
          // redraw of a long table's page costs a frame).
          if (!users.size && !openBy.has(key)) return;
          if (users.size) openBy.set(key, users);
          else openBy.delete(key);
          changed = true;
        });
        if (changed) notify(entity);
      })
      // Presence down (503): nobody is shown; events still say otherwise.
      .catch(() => {})
      .finally(() => {
        reading -= 1;
        pump();
      });
  }
}

/** Queues `key` to be read unless it was read on this stream; pump() then sends the queue. */
function queueIfNew(key) {
  if (read.has(key)) return;
  read.add(key);
  queue.push(key);
}

function wire() {
  if (wired) return;
  wired = true;
  onLive('editing', applyEvent);
  onLive('ready', () => {
    const entities = new Set([...openBy.keys()].map((key) => key.split(':')[0]));
    openBy.clear();
    read.clear();
    queue.length = 0;
    for (const entity of entities) notify(entity);
    for (const key of watched.keys()) queueIfNew(key);
    pump();
  });
}

function watch(keys) {
  wire();
  for (const key of keys) {
    watched.set(key, (watched.get(key) || 0) + 1);
    queueIfNew(key);
  }
  pump();
  return () => {
    for (const key of keys) {
      const left = (watched.get(key) || 1) - 1;
      if (left) watched.set(key, left);
      else watched.delete(key);
    }
  };
}

/**
 * Who else has records of `entity` open, for the records `ids` being shown (read once each when
 * first shown). Returns editorsOf(id): [user] without `me`, re-rendering as it changes.
 */
export function useRecordEditors(entity, ids, me) {
  const [, setRevision] = useState(0);
  const idList = ids.filter((id) => id !== null && id !== undefined);
  const signature = idList.join(',');
  useEffect(() => {
    wire();
    const handler = (changed) => { if (changed === entity) setRevision((n) => n + 1); };
    subscribers.add(handler);
    return () => subscribers.delete(handler);
  }, [entity]);
  // Read once the rows shown have stayed a moment: typing in a filter or scrolling changes them
  // on every key or frame, and rows passed over are not worth a request each.
  useEffect(() => {
    let unwatch = null;
    const timer = setTimeout(() => { unwatch = watch(idList.map((id) => keyOf(entity, id))); }, WATCH_SETTLE_MS);
    return () => {
      clearTimeout(timer);
      unwatch?.();
    };
  }, [entity, signature]);
  return (id) => [...(openBy.get(keyOf(entity, id))?.values() || [])].filter((u) => u.id !== me?.id);
}

function closeRecord(entity, id, { leaving = false } = {}) {
  const query = new URLSearchParams({ entity, id: String(id) });
  if (leaving) {
    // The page is going away: a keepalive request outlives it.
    const token = cookie('csrftoken');
    fetch(`${EDITING_URL}?${query}`, {
      method: 'DELETE', keepalive: true, credentials: 'same-origin', headers: token ? { 'X-CSRFToken': token } : {},
    }).catch(() => {});
    return;
  }
  api.del(EDITING_URL, { entity, id }, { auth: false }).catch(() => {});
}

/**
 * Says that this tab has record `id` of `entity` open while `id` is set: once it has stayed open a
 * moment (Tab through a table's rows announces only where it stops), every 20 s after, and again
 * after the stream reconnects; withdrawn when `id` changes, the component goes, or the page is left.
 */
export function useOpenRecord(entity, id) {
  useEffect(() => {
    if (id === null || id === undefined || !entity) return undefined;
    let announced = false;
    const announce = () => {
      announced = true;
      api.post(EDITING_URL, { entity, id }, { auth: false }).catch(() => {});
    };
    const first = setTimeout(announce, SETTLE_MS);
    const timer = setInterval(announce, RENEW_MS);
    const stopReady = onLive('ready', () => { if (announced) announce(); });
    const onHide = () => { if (announced) closeRecord(entity, id, { leaving: true }); };
    window.addEventListener('pagehide', onHide);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
      stopReady();
      window.removeEventListener('pagehide', onHide);
      if (announced) closeRecord(entity, id);
    };
  }, [entity, id]);
}

/** "bob is editing", "bob and carol are editing", or '' for nobody. */
export function editingText(users) {
  if (!users.length) return '';
  const names = users.map((u) => u.username);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${list} ${names.length === 1 ? 'is' : 'are'} editing`;
}
