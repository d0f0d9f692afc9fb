// Small formatting helpers shared by the pages.

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'always' });
const UNITS = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

export const RECENT_MS = 5 * 60 * 1000;

export function parseTime(value) {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * "2 minutes ago", "just now". A time ahead of this browser's clock (the server's clock runs
 * ahead, or this one behind) is "just now": the times shown are of changes already made, and
 * "in 5 seconds" only confuses.
 */
export function timeAgo(value, now = Date.now()) {
  // A table draws the same times again for each row that comes into view, at one `now` until the
  // clock ticks: the texts of the current `now` are kept.
  if (agoTexts.now !== now) {
    agoTexts.now = now;
    agoTexts.byValue.clear();
  }
  const known = agoTexts.byValue.get(value);
  if (known !== undefined) return known;
  const text = writeTimeAgo(value, now);
  if (agoTexts.byValue.size < WRITTEN_TIMES_KEPT) agoTexts.byValue.set(value, text);
  return text;
}

const agoTexts = { now: null, byValue: new Map() };

function writeTimeAgo(value, now) {
  const date = parseTime(value);
  if (!date) return '';
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (seconds > -5) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return relative.format(Math.trunc(seconds / size), unit);
    }
  }
  return '';
}

const pad = (n) => String(n).padStart(2, '0');

// Made once: a formatter costs far more to create than to use, and tables call this per row.
const zoneNames = new Intl.DateTimeFormat('en', { timeZoneName: 'short' });

// Written times by their input: every visible row asks again on each redraw (a keystroke in the
// filter redraws them all), and formatToParts is the costly step. The zone name depends on the
// date (summer time), so the input string, not the day, is the key. Cleared when it grows past
// the bound rather than evicting one by one: a table's times fit many times over.
const writtenTimes = new Map();
const WRITTEN_TIMES_KEPT = 20000;

/** Local wall-clock time with the zone name: "2025-10-23 14:30:00 CEST". */
export function absoluteTime(value) {
  const known = writtenTimes.get(value);
  if (known !== undefined) return known;
  const date = parseTime(value);
  if (!date) return '';
  const zone = zoneNames.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value || '';
  const written = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
    + `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${zone}`.trim();
  if (typeof value === 'string') {
    if (writtenTimes.size >= WRITTEN_TIMES_KEPT) writtenTimes.clear();
    writtenTimes.set(value, written);
  }
  return written;
}

// The times services write into their messages, all UTC: RFC 3339 ("2026-11-30T10:02:11.804Z")
// and the seed's wording ("2026-11-30 10:02:11", optionally followed by "UTC").
const TIMES_IN_TEXT = /\b(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2}| UTC)?/g;

/** A service's message with each time in it written as absoluteTime writes it (local, zone named). */
export function localTimesIn(text) {
  if (!text) return text;
  return text.replace(TIMES_IN_TEXT, (found, day, clock, zone) => {
    const offset = !zone || zone === ' UTC' ? 'Z' : zone;
    return absoluteTime(`${day}T${clock}${offset}`) || found;
  });
}

/** True when someone other than `me` changed the record within the last 5 minutes. */
export function changedByOtherRecently(record, me, now = Date.now()) {
  if (!record || !record.last_modified_by || record.last_modified_by === me) return false;
  const date = parseTime(record.last_modified_at);
  return Boolean(date) && now - date.getTime() <= RECENT_MS;
}

export function displayName(user) {
  if (!user) return '';
  const full = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return full || user.username || '';
}

export function formatBytes(value) {
  if (value === null || value === undefined || value === '') return '';
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let size = n;
  let i = 0;
  while (Math.abs(size) >= 1024 && i < units.length - 1) {
    size /= 1024;
    i += 1;
  }
  return `${size.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** Interval of the heartbeat and the active-users refresh: ?heartbeat_ms=, localStorage, or 30 s. */
export function heartbeatMs() {
  let raw = new URLSearchParams(window.location.search).get('heartbeat_ms');
  if (raw === null) {
    try {
      raw = window.localStorage.getItem('sanplane.heartbeatMs');
    } catch {
      raw = null;
    }
  }
  const value = Number(raw);
  return raw !== null && Number.isFinite(value) && value >= 100 ? value : 30000;
}
