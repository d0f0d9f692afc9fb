// The dialog shown when a merged save (`base_version`) changed a field someone else changed too:
// per record, each such field with its value when the user loaded it, theirs (who saved it and
// when, in the browser's zone) and mine, and a pick of theirs or mine per field; "All theirs" and
// "All mine" pick for every field at once. Whatever was picked is saved onto the record as it is
// now, with the user's other edits. Modal, focus-trapped, Escape = cancel (keep editing).
import { useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { absoluteTime } from '../format.js';
import { useNow } from './common.js';
import { When, useModalFocus } from './conflict-dialog.js';

const pickKey = (item, field) => `${item.id}|${field.pickId}`;

/** A value as the dialog shows it: lists item by item, an empty value said so. */
function shown(fieldName, value, describeItem) {
  if (value === null || value === undefined) return html`<span class="muted">(none)</span>`;
  if (value === '') return html`<span class="muted">(empty)</span>`;
  const one = (item) => (describeItem ? describeItem(fieldName, item) : typeof item === 'object' ? JSON.stringify(item) : String(item));
  if (Array.isArray(value)) return value.length ? value.map(one).join(', ') : html`<span class="muted">(none)</span>`;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return one(value);
}

/** "alice changed notes on 2026-11-30 11:05:00 CET.": who changed what of the record, and when. */
function summaryOf(fields) {
  const byUser = new Map();
  for (const f of fields) {
    const who = f.changedBy || 'Another user';
    const seen = byUser.get(who) || { fields: [], at: f.changedAt };
    if (!seen.fields.includes(f.field)) seen.fields.push(f.field);
    byUser.set(who, seen);
  }
  return [...byUser].map(([who, { fields: names, at }]) => `${who} changed ${names.join(', ')}${at ? ` on ${absoluteTime(at)}` : ''}.`).join(' ');
}

function FieldRow({ item, field, pick, onPick, busy, describeItem, now }) {
  const name = pickKey(item, field);
  const side = (which, value, testid) => html`<label class="pick">
    <input type="radio" name=${name} value=${which} checked=${pick === which} disabled=${busy}
      data-testid=${`pick-${which}`} aria-label=${`Keep ${which} for ${field.field}`} onChange=${() => onPick(name, which)} />
    <span data-testid=${testid}>${shown(field.field, value, describeItem)}</span>
  </label>`;
  return html`<tr data-testid="field-conflict" data-field=${field.field} data-pick=${field.pickId} data-picked=${pick || ''}>
    <th scope="row">${field.field}</th>
    <td data-testid="field-base">${shown(field.field, field.base, describeItem)}</td>
    <td>${side('theirs', field.theirs, 'field-theirs')}
      <div class="small muted">by <strong data-testid="conflict-user">${field.changedBy || 'another user'}</strong><${When} at=${field.changedAt} now=${now} /></div></td>
    <td>${side('mine', field.mine, 'field-mine')}</td>
  </tr>`;
}

/**
 * items: [{id, name, loadedVersion, currentVersion, fields: [{field, pickId, base, theirs, mine,
 * changedBy, changedAt}]}]; entity: "zone", "alias"; describeItem(field, item)? names a list's
 * item (a zone member by its alias); onApply({"<id>|<pickId>": 'theirs'|'mine'}); onCancel().
 */
export function FieldConflictDialog({ entity, items, busy, describeItem, onApply, onCancel }) {
  const box = useRef(null);
  useModalFocus(box, onCancel);
  const now = useNow(10000);
  const [picks, setPicks] = useState({});
  const all = items.flatMap((item) => item.fields.map((field) => pickKey(item, field)));
  const allPicked = all.every((key) => picks[key]);
  const every = (which) => Object.fromEntries(all.map((key) => [key, which]));
  const title = items.length > 1 ? `${items.length} records were changed by someone else`
    : `This ${entity} was changed by someone else`;
  const lead = all.length === 1 ? 'They changed a field you changed too.' : 'They changed fields you changed too.';

  return html`<div class="overlay">
    <div class="dialog dialog-wide" ref=${box} role="dialog" aria-modal="true" aria-labelledby="conflict-title"
        aria-describedby="conflict-help" data-testid="conflict-dialog" data-kind="fields">
      <h2 id="conflict-title">${title}</h2>
      <p class="small">${lead}</p>
      <ul class="conflicts">
        ${items.map((item) => html`<li data-testid="conflict-item" data-id=${item.id}>
          <p>
            <strong data-testid="conflict-name">${item.name}</strong>: you loaded version ${item.loadedVersion ?? '?'},
            now it is version <strong data-testid="conflict-version">${item.currentVersion ?? '?'}</strong>.
          </p>
          <p class="muted small" data-testid="conflict-message">${summaryOf(item.fields)}</p>
          <table class="grid field-conflicts">
            <thead><tr><th>Field</th><th>When you loaded it</th><th>Theirs</th><th>Mine</th></tr></thead>
            <tbody>
              ${item.fields.map((field) => html`<${FieldRow} key=${field.pickId} item=${item} field=${field}
                pick=${picks[pickKey(item, field)]} busy=${busy} describeItem=${describeItem} now=${now}
                onPick=${(key, which) => setPicks((p) => ({ ...p, [key]: which }))} />`)}
            </tbody>
          </table>
        </li>`)}
      </ul>
      <p id="conflict-help" class="small">
        Pick <b>theirs</b> or <b>mine</b> for each field, then <b>Save picks</b>: they are saved onto the
        current version together with your other edits, which did not collide.
        <b> All theirs</b> and <b>All mine</b> pick for every field and save. <b>Cancel</b> (Esc) closes
        this and lets you keep editing.
      </p>
      <div class="actions">
        <button type="button" class="primary" data-autofocus data-testid="conflict-reload" disabled=${busy}
          onClick=${() => onApply(every('theirs'))}>All theirs</button>
        <button type="button" data-testid="conflict-keep-mine" disabled=${busy}
          onClick=${() => onApply(every('mine'))}>All mine</button>
        <button type="button" data-testid="conflict-apply" disabled=${busy || !allPicked}
          title=${allPicked ? 'Save what you picked' : 'Pick theirs or mine for every field first'}
          onClick=${() => onApply(picks)}>Save picks</button>
        <button type="button" class="link" data-testid="conflict-cancel" disabled=${busy}
          onClick=${onCancel}>Cancel</button>
      </div>
    </div>
  </div>`;
}
