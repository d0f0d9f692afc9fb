// Each user's column choice and widths per table, kept in their user config on the server
// (GET/PUT/DELETE /api/core/user-config/table-columns/), so they follow the user to another
// browser. Read once per sign-in; a change is shown at once and saved a moment after the last one
// (a header dragged wider sends one PUT, not one per pixel). The column menu shows and hides
// columns and resets a table; the handle at a header's right edge resizes its column.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api } from '../api.js';

const URL = '/api/core/user-config/table-columns/';
const SAVE_DELAY_MS = 400;
export const MIN_WIDTH = 40;
export const MAX_WIDTH = 2000;

// The signed-in user's stored tables: {userId, tables: Map(table -> [{key, width}]), loading}.
let store = { userId: null, tables: new Map(), loading: null };
const listeners = new Set();

function load(userId) {
  if (store.userId === userId && store.loading) return store.loading;
  store = { userId, tables: new Map(), loading: null };
  store.loading = api.get(URL).then((answer) => {
    if (store.userId !== userId) return;
    store.tables = new Map((answer?.tables || []).map((t) => [t.table, t.columns]));
    for (const listener of [...listeners]) listener();
  }).catch(() => {
    // Not stored or not reachable: the tables show their default columns.
  });
  return store.loading;
}

const clampWidth = (px) => Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Math.round(px)));

/**
 * The columns of `table` as the user chose them. columns: [{key, label}] in their default order
 * (the first is never hidden: it names the row). Returns {visible: the columns shown, in order;
 * widthOf(key) -> px or undefined; toggle(key); setWidth(key, px, {save}); reset(); columns;
 * isShown(key); customised}.
 */
export function useColumnPrefs(table, columns, userId) {
  const [, setRevision] = useState(0);
  const timer = useRef(null);
  const pending = useRef(null);
  useEffect(() => {
    const listener = () => setRevision((n) => n + 1);
    listeners.add(listener);
    if (userId !== undefined && userId !== null) load(userId);
    return () => listeners.delete(listener);
  }, [userId]);
  // Whatever is still waiting is sent when the table goes.
  useEffect(() => () => {
    if (timer.current) {
      clearTimeout(timer.current);
      flush();
    }
  }, []);

  const known = new Map(columns.map((c) => [c.key, c]));
  const stored = store.tables.get(table) || null;
  // Stored names the UI no longer has are left out; a stored choice that leaves nothing falls back.
  const chosen = stored?.filter((c) => known.has(c.key)) || [];
  const entries = chosen.length ? chosen : columns.map((c) => ({ key: c.key, width: null }));
  const widths = new Map(entries.map((c) => [c.key, c.width ?? undefined]));

  function flush() {
    timer.current = null;
    const document = pending.current;
    pending.current = null;
    if (!document) return;
    if (document === 'reset') {
      api.del(`${URL}${table}/`).catch(() => {});
      return;
    }
    api.put(`${URL}${table}/`, { columns: document.map((c) => (c.width ? { key: c.key, width: c.width } : { key: c.key })) })
      .catch(() => {});
  }

  function change(next, { save = true } = {}) {
    pending.current = next;
    if (next === 'reset') store.tables.delete(table);
    else store.tables.set(table, next);
    for (const listener of [...listeners]) listener();
    if (!save) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, SAVE_DELAY_MS);
  }

  function toggle(key) {
    if (key === columns[0]?.key) return;
    const shown = entries.some((c) => c.key === key);
    if (shown) {
      if (entries.length > 1) change(entries.filter((c) => c.key !== key));
      return;
    }
    // Shown again where it stands by default among the columns shown.
    const order = columns.map((c) => c.key);
    const next = [...entries, { key, width: null }].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
    change(next);
  }

  function setWidth(key, px, { save = true } = {}) {
    change(entries.map((c) => (c.key === key ? { ...c, width: clampWidth(px) } : c)), { save });
  }

  function reset() {
    pending.current = null;
    change('reset');
  }

  return {
    columns,
    visible: entries.map((c) => known.get(c.key)),
    isShown: (key) => widths.has(key),
    widthOf: (key) => widths.get(key),
    customised: Boolean(chosen.length),
    toggle,
    setWidth,
    reset,
  };
}

/** The handle at a header cell's right edge: drag to resize the column (saved when let go). */
export function ResizeHandle({ prefs, columnKey, label }) {
  function start(event) {
    event.preventDefault();
    event.stopPropagation();
    const th = event.currentTarget.closest('th');
    const startX = event.clientX;
    const startWidth = th.getBoundingClientRect().width;
    let last = startWidth;
    const move = (e) => {
      last = startWidth + e.clientX - startX;
      prefs.setWidth(columnKey, last, { save: false });
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      prefs.setWidth(columnKey, last);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }
  function key(event) {
    const step = event.key === 'ArrowRight' ? 16 : event.key === 'ArrowLeft' ? -16 : 0;
    if (!step) return;
    event.preventDefault();
    const th = event.currentTarget.closest('th');
    prefs.setWidth(columnKey, (prefs.widthOf(columnKey) ?? th.getBoundingClientRect().width) + step);
  }
  return html`<span class="col-resize" role="separator" aria-orientation="vertical" tabindex="0"
    aria-label=${`Resize ${label}`} data-testid=${`resize-${columnKey}`} title="Drag to resize"
    onPointerDown=${start} onClick=${(e) => e.stopPropagation()} onKeyDown=${key}></span>`;
}

/** The menu of a table's columns: show or hide each one, and put them back as they were. */
export function ColumnMenu({ prefs, testid = 'column-menu' }) {
  const [open, setOpen] = useState(false);
  const root = useRef(null);
  useEffect(() => {
    if (!open) return undefined;
    const away = (event) => { if (!root.current?.contains(event.target)) setOpen(false); };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);
  return html`<div class="column-menu" ref=${root} onKeyDown=${(e) => { if (e.key === 'Escape' && open) { e.stopPropagation(); setOpen(false); } }}>
    <button type="button" data-testid=${testid} aria-expanded=${open ? 'true' : 'false'} aria-haspopup="true"
      onClick=${() => setOpen(!open)}>Columns ▾</button>
    ${open && html`<div class="column-menu-panel" role="group" aria-label="Columns shown" data-testid="column-menu-panel">
      ${prefs.columns.map((c, i) => html`<label class="column-choice">
        <input type="checkbox" data-testid=${`column-toggle-${c.key}`} checked=${prefs.isShown(c.key)}
          disabled=${i === 0} onChange=${() => prefs.toggle(c.key)} /> ${c.label}</label>`)}
      <button type="button" class="link" data-testid="columns-reset" onClick=${() => { prefs.reset(); setOpen(false); }}>
        Reset columns and widths</button>
    </div>`}
  </div>`;
}
