// HTTP over a raw socket, for what fetch cannot send or observe: malformed framing, requests from a
// chosen client address (127.0.0.x), connections held open, and answers arriving before a body.
import { connect } from 'node:net';

/** Opens a connection from `localAddress`; resolves once connected. */
export function open(port, localAddress = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    socket.received = '';
    socket.whenClosed = new Promise((r) => socket.once('close', r));
    socket.on('data', (d) => { socket.received += d.toString('latin1'); });
    socket.on('error', () => {});  // a reset shows as `close`; the tests look at what arrived
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with true once `socket` has received text matching `pattern`, false after `ms`. */
export function waitFor(socket, pattern, ms = 3000) {
  return new Promise((resolve) => {
    const check = () => {
      if (pattern.test(socket.received)) { done(true); return true; }
      return false;
    };
    const timer = setTimeout(() => done(false), ms);
    const onData = () => check();
    const onClose = () => done(pattern.test(socket.received));
    function done(value) {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(value);
    }
    if (check()) return;
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

/** Resolves with true when the peer closes `socket` within `ms`. */
export async function closedWithin(socket, ms = 3000) {
  let timer;
  const timeout = new Promise((r) => { timer = setTimeout(() => r(false), ms); });
  const result = await Promise.race([socket.whenClosed.then(() => true), timeout]);
  clearTimeout(timer);
  return result;
}

/** Sends `text` on a new connection and resolves with everything received until it closes. */
export async function exchange(port, text, { localAddress = '127.0.0.1', ms = 3000 } = {}) {
  const socket = await open(port, localAddress);
  socket.write(text);
  await closedWithin(socket, ms);
  socket.destroy();
  return socket.received;
}

/** Status codes of every response in `text`, in order. */
export function statuses(text) {
  return [...text.matchAll(/^HTTP\/1\.[01] (\d{3})/gm)].map((m) => Number(m[1]));
}

export const portOf = (url) => Number(new URL(url).port);
