// Record presence on a record's form: the form says it has the record open while it is shown
// (record-presence.js), and shows who else has it open.
import { html } from 'htm/preact';
import { editingText, useOpenRecord, useRecordEditors } from '../record-presence.js';
import { useSession } from './common.js';

// The forms name their records for people ("storage system"); presence by kind of record.
const PRESENCE_ENTITY = { 'storage system': 'storage' };

/** "bob is editing" beside a form's version line; announces the caller's own presence meanwhile. */
export function RecordEditors({ entity, id }) {
  const { user } = useSession();
  const kind = PRESENCE_ENTITY[entity] || entity;
  useOpenRecord(kind, id);
  const editors = useRecordEditors(kind, [id], user);
  const text = editingText(editors(id));
  return text ? html`<span class="record-editors" data-testid="record-editors">✎ ${text}</span>` : null;
}
