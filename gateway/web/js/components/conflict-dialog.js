// The dialog shown when a save lost a version race: who changed the record, when, and the
// current version; the user either reloads their version or re-applies their own edits onto it.
// Modal, focus-trapped, Escape = cancel (close the dialog and keep editing).
import { useEffect, useRef } from 'preact/hooks';
import { html } from 'htm/preact';
import { absoluteTime, localTimesIn, timeAgo } from '../format.js';
import { useNow } from './common.js';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** " 2 minutes ago (2026-11-30 11:02:11 CET)": every time in the dialog in the browser's zone, named. */
export function When({ at, now }) {
  if (!at) return null;
  return html`${' '}<span data-testid="conflict-when">${timeAgo(at, now)}</span>${' '}(<time datetime=${at} data-testid="conflict-time">${absoluteTime(at)}</time>)`;
}

/**
 * A modal dialog's keyboard: focus starts on its [data-autofocus] control, Tab and Shift+Tab stay
 * inside `box`, Escape calls onCancel, and closing gives the focus back to where it was.
 */
export function useModalFocus(box, onCancel) {
  const handlers = useRef({});
  handlers.current = { onCancel };
  useEffect(() => {
    const previous = document.activeElement;
    box.current?.querySelector('[data-autofocus]')?.focus();
    const focusables = () => [...(box.current?.querySelectorAll(FOCUSABLE) || [])];
    const onKey = (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        handlers.current.onCancel();
      } else if (event.key === 'Tab') {
        const items = focusables();
        if (!items.length) return;
        const first = items[0];
        const last = items[items.length - 1];
        const inside = box.current.contains(document.activeElement);
        if (event.shiftKey && (document.activeElement === first || !inside)) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
          event.preventDefault();
          first.focus();
        }
      }
    };
    const onFocusIn = (event) => {
      if (box.current && !box.current.contains(event.target)) focusables()[0]?.focus();
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('focusin', onFocusIn);
      if (previous && document.contains(previous)) previous.focus();
    };
  }, []);
}

/**
 * conflicts: [{name, message, currentVersion, lastModifiedBy, lastModifiedAt, deleted}]
 * entity: "zone", "alias", "storage system", "fabric".
 */
export function ConflictDialog({ entity, conflicts, busy, onReload, onKeepMine, onCancel }) {
  const box = useRef(null);
  useModalFocus(box, onCancel);
  const now = useNow(10000);

  const many = conflicts.length > 1;
  const allDeleted = conflicts.every((c) => c.deleted);
  const title = many ? `${conflicts.length} records were changed by someone else`
    : allDeleted ? `This ${entity} was deleted by someone else`
      : `This ${entity} was changed by someone else`;

  return html`<div class="overlay">
    <div class="dialog" ref=${box} role="dialog" aria-modal="true" aria-labelledby="conflict-title"
        aria-describedby="conflict-help" data-testid="conflict-dialog">
      <h2 id="conflict-title">${title}</h2>
      <ul class="conflicts">
        ${conflicts.map((c) => html`<li data-testid="conflict-item">
          ${c.deleted
            ? html`<p>
                <strong data-testid="conflict-name">${c.name || `This ${entity}`}</strong> no longer exists:
                ${' '}<strong data-testid="conflict-user">${c.lastModifiedBy || 'another user'}</strong> deleted it<${When} at=${c.lastModifiedAt} now=${now} />.
              </p>`
            : html`<p>
                ${c.name ? html`<strong data-testid="conflict-name">${c.name}</strong> was changed by ` : 'Changed by '}
                <strong data-testid="conflict-user">${c.lastModifiedBy || 'another user'}</strong><${When} at=${c.lastModifiedAt} now=${now} />.
                <br />Current version: <strong data-testid="conflict-version">${c.currentVersion ?? '?'}</strong>
              </p>`}
          ${c.message && html`<p class="muted small" data-testid="conflict-message">${localTimesIn(c.message)}</p>`}
        </li>`)}
      </ul>
      <p id="conflict-help" class="small">
        <b>Reload theirs</b> discards your edits to ${many ? 'these records' : `this ${entity}`} and shows the saved version.
        <b> Keep mine</b> applies the fields you edited onto the saved version and saves them, overwriting
        their changes to those fields. <b>Cancel</b> (Esc) closes this and lets you keep editing.
      </p>
      <div class="actions">
        <button type="button" class="primary" data-autofocus data-testid="conflict-reload" disabled=${busy}
          onClick=${onReload}>Reload theirs</button>
        <button type="button" data-testid="conflict-keep-mine" disabled=${busy}
          onClick=${onKeepMine}>Keep mine</button>
        <button type="button" class="link" data-testid="conflict-cancel" disabled=${busy}
          onClick=${onCancel}>Cancel</button>
      </div>
    </div>
  </div>`;
}
