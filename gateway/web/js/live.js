// The live events of the signed-in user: one EventSource per tab on GET /api/events/, which pages
// and components subscribe to. It reconnects by itself: the browser resumes a dropped stream with
// Last-Event-ID; a stream the gateway refused (503 while it starts, a restart) is opened again
// after a pause, and since a new EventSource cannot resume, what it missed is announced as a
// `reset` (reload what you show). Every `ready` means "read the present again" for the state-like
// events (presence, editing), which are not replayed.
import { useEffect, useRef, useState } from 'preact/hooks';

const EVENTS = ['change', 'ready', 'reset', 'presence', 'editing'];
const RETRY_MIN_MS = 2000;
const RETRY_MAX_MS = 30000;

const listeners = new Map(EVENTS.map((type) => [type, new Set()]).concat([['state', new Set()]]));
let source = null;
let retryTimer = null;
let retryMs = RETRY_MIN_MS;
let started = false;
// connecting | ready | reconnecting | closed
let state = 'closed';
// True once a stream of this sign-in has been ready: a new EventSource after that has a gap.
let everReady = false;
// True while the current EventSource has not yet said `ready` since it was created.
let freshSource = false;

function emit(type, data) {
  for (const handler of [...listeners.get(type)]) {
    try {
      handler(data);
    } catch (error) {
      // One subscriber's failure must not keep the others from hearing the event.
      setTimeout(() => { throw error; });
    }
  }
}

function setState(next) {
  if (next === state) return;
  state = next;
  emit('state', next);
}

function open() {
  source = new EventSource('/api/events/', { withCredentials: true });
  freshSource = true;
  setState(everReady ? 'reconnecting' : 'connecting');
  for (const type of EVENTS) {
    source.addEventListener(type, (event) => {
      let data = {};
      try {
        data = event.data ? JSON.parse(event.data) : {};
      } catch {
        return;
      }
      if (type === 'ready') {
        retryMs = RETRY_MIN_MS;
        const gap = freshSource && everReady;
        freshSource = false;
        everReady = true;
        setState('ready');
        // A new stream cannot resume the old one's feed: whatever it missed is unknown.
        if (gap) emit('reset', { feed: 'reconnect' });
      }
      emit(type, data);
    });
  }
  source.addEventListener('error', () => {
    if (!source) return;
    if (source.readyState === EventSource.CONNECTING) {
      // The browser resumes it with Last-Event-ID by itself.
      setState('reconnecting');
      return;
    }
    // Refused (not an event stream: 401, 503, …): open a new one after a pause.
    source.close();
    source = null;
    setState('reconnecting');
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => { if (started) open(); }, retryMs);
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  });
}

/** Opens the tab's stream (once; a second call does nothing). */
export function startLive() {
  if (started || typeof EventSource === 'undefined') return;
  started = true;
  everReady = false;
  retryMs = RETRY_MIN_MS;
  open();
}

/** Closes the stream (signing out). */
export function stopLive() {
  started = false;
  clearTimeout(retryTimer);
  source?.close();
  source = null;
  setState('closed');
}

/** The stream's state: connecting, ready, reconnecting or closed. */
export const liveState = () => state;

/** Calls handler(data) for each event of `type` (change, ready, reset, presence, editing, state); returns the unsubscribe. */
export function onLive(type, handler) {
  const set = listeners.get(type);
  if (!set) throw new Error(`no live event ${type}`);
  set.add(handler);
  return () => set.delete(handler);
}

/** onLive for a component: the latest handler is called while it is mounted. */
export function useLive(type, handler) {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => onLive(type, (data) => latest.current(data)), [type]);
}

/** The stream's state, re-rendering when it changes. */
export function useLiveState() {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    setCurrent(state);
    return onLive('state', setCurrent);
  }, []);
  return current;
}

// How long a list waits for more changes before it is read again (a bulk save sends many).
const LIST_SETTLE_MS = 300;

/**
 * Calls onChange() once changes of the kinds `entities` ("fabric", "alias", …) have been committed
 * (gathered for a moment), and after a `reset`; for lists that are read whole again.
 */
export function useLiveChanges(entities, onChange) {
  const latest = useRef(onChange);
  latest.current = onChange;
  const kinds = entities.join(',');
  useEffect(() => {
    if (!kinds) return undefined;
    const wanted = new Set(kinds.split(','));
    let timer = null;
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(() => latest.current(), LIST_SETTLE_MS);
    };
    const stopChange = onLive('change', (event) => { if (wanted.has(event.entity)) later(); });
    const stopReset = onLive('reset', later);
    return () => {
      clearTimeout(timer);
      stopChange();
      stopReset();
    };
  }, [kinds]);
}
