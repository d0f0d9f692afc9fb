// Live collaboration on a record's form: the form says it has the record open while it is shown
// (record-presence.js) and shows who else has it open, and a newer version someone else commits
// is announced. The form does not change under the user's hands: without unsaved edits *show it*
// loads the newer version, with them *review* opens the conflict dialog (theirs, or mine onto it).
import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { useLive } from '../live.js';
import { editingText, useOpenRecord, useRecordEditors } from '../record-presence.js';
import { useSession } from './common.js';

// The forms name their records for people ("storage system"); events name them by kind.
const RECORD_KIND = { 'storage system': 'storage' };

/** A newer version as the conflict dialog lists it. */
const conflictItem = (newer) => ({
  name: '', message: '', currentVersion: newer.version, lastModifiedBy: newer.by, lastModifiedAt: newer.at, deleted: false,
});

/**
 * Beside a form's version line: "bob is editing", and "bob saved a newer version — review"
 * (onReview(the conflict dialog's item for it)) while the form holds unsaved edits, "— show it" (onReload()) while
 * it holds none. entity: as the form names it; id, version: the record shown.
 */
export function RecordEditors({ entity, id, version, dirty, onReload, onReview }) {
  const { user } = useSession();
  const kind = RECORD_KIND[entity] || entity;
  useOpenRecord(kind, id);
  const editors = useRecordEditors(kind, [id], user);
  const [newer, setNewer] = useState(null);
  useLive('change', (event) => {
    if (event.entity !== kind || event.id !== id || event.by === user?.username) return;
    setNewer({ version: event.version, by: event.by, at: event.at, deleted: event.action === 'delete' });
  });
  const pending = newer && (newer.deleted || newer.version > version) ? newer : null;
  const who = pending?.by || 'Someone';
  const text = editingText(editors(id));
  return html`${text && html`<span class="record-editors" data-testid="record-editors">✎ ${text}</span>`}
    ${pending && html`<span class="record-stale" data-testid="record-stale" role="status">
      ${pending.deleted ? `${who} deleted this ${entity}` : html`${who} saved a newer version — <button type="button" class="link"
        data-testid="record-review" onClick=${() => (dirty ? onReview?.(conflictItem(pending)) : onReload?.())}>${dirty ? 'review' : 'show it'}</button>`}</span>`}`;
}
