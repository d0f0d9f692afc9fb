// Windowed rendering of a long table: only the rows in (and just around) the scrolled view are in
// the DOM, between two spacer rows that stand for the rest. Rows are assumed `rowHeight` tall until
// drawn; a drawn row that is taller (the row being edited, a row with errors) is measured and the
// offsets follow, so rows of any height scroll correctly.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

/** The first position whose row ends after y, by binary search over the row offsets. */
function rowAt(offsets, y) {
  let low = 0;
  let high = offsets.length - 2;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offsets[mid + 1] <= y) low = mid + 1;
    else high = mid;
  }
  return Math.max(0, low);
}

/**
 * keys: the row keys in display order; scroller: the scrolling element (null until drawn; kept in
 * state by the caller, so that the hook follows it once it is there); bodyRef: the tbody, whose
 * rows carry data-key. Returns {start, end (exclusive), padTop, padBottom, scrollToKey(key)}.
 */
export function useVirtualRows({ keys, scroller, bodyRef, rowHeight, overscan = 2 }) {
  const heights = useRef(new Map());
  const [heightsVersion, setHeightsVersion] = useState(0);
  const [view, setView] = useState({ top: 0, height: 900 });

  useEffect(() => {
    const element = scroller;
    if (!element) return undefined;
    let frame = 0;
    const read = () => {
      frame = 0;
      setView((v) => (v.top === element.scrollTop && v.height === element.clientHeight
        ? v : { top: element.scrollTop, height: element.clientHeight }));
    };
    const onScroll = () => { if (!frame) frame = requestAnimationFrame(read); };
    read();
    element.addEventListener('scroll', onScroll, { passive: true });
    const resize = new ResizeObserver(onScroll);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      resize.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [scroller]);

  const offsets = useMemo(() => {
    const out = new Float64Array(keys.length + 1);
    for (let i = 0; i < keys.length; i += 1) out[i + 1] = out[i] + (heights.current.get(keys[i]) ?? rowHeight);
    return out;
  }, [keys, heightsVersion, rowHeight]);

  const total = offsets[keys.length];
  const first = keys.length ? rowAt(offsets, view.top) : 0;
  const last = keys.length ? rowAt(offsets, view.top + view.height) : -1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(keys.length, last + 1 + overscan);

  // Measure what was drawn; a row whose height differs from what was assumed moves the offsets.
  // The rows are watched by a ResizeObserver, whose callback runs once the browser has laid the
  // frame out anyway: reading sizes right after each draw instead forced a layout of its own per
  // draw, the largest single cost of a keystroke in the filter of a long table.
  const observer = useRef(null);
  const observed = useRef(new Set());
  const measure = useRef(null);
  measure.current = () => {
    let changed = false;
    for (const row of bodyRef.current?.querySelectorAll('tr[data-key]') || []) {
      const key = row.dataset.key;
      // A row's errors that belong to no column, and its live notes (who is editing it, a newer
      // version saved), are drawn in rows of their own just after it.
      let height = row.getBoundingClientRect().height;
      for (let after = row.nextElementSibling; after && !after.dataset.key && !after.classList.contains('spacer-row');
        after = after.nextElementSibling) height += after.getBoundingClientRect().height;
      const known = heights.current.get(key) ?? rowHeight;
      if (Math.abs(height - known) > 0.5) {
        if (Math.abs(height - rowHeight) > 0.5) heights.current.set(key, height);
        else heights.current.delete(key);
        changed = true;
      }
    }
    if (changed) setHeightsVersion((v) => v + 1);
  };
  useEffect(() => () => observer.current?.disconnect(), []);
  // After each draw, watch the rows drawn for the first time (a row is reported once when first
  // watched, then whenever its size changes) and the body itself, whose height changes when a
  // row's note below it goes away; rows scrolled out of the DOM are let go.
  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    if (!observer.current) observer.current = new ResizeObserver(() => measure.current());
    for (const element of observed.current) {
      if (element.isConnected) continue;
      observer.current.unobserve(element);
      observed.current.delete(element);
    }
    for (const element of [body, ...body.querySelectorAll('tr:not(.spacer-row)')]) {
      if (observed.current.has(element)) continue;
      observed.current.add(element);
      observer.current.observe(element);
    }
  });

  /** Scrolls the least needed to show the row of `key` (a no-op when it is not listed). */
  function scrollToKey(key) {
    const element = scroller;
    const position = keys.indexOf(key);
    if (!element || position < 0) return;
    const head = element.querySelector('thead')?.getBoundingClientRect().height || 0;
    const top = offsets[position];
    const bottom = offsets[position + 1];
    if (top < element.scrollTop) element.scrollTop = top;
    else if (bottom + head > element.scrollTop + element.clientHeight) element.scrollTop = bottom + head - element.clientHeight;
  }

  return { start, end, padTop: offsets[start], padBottom: total - offsets[end], scrollToKey };
}
