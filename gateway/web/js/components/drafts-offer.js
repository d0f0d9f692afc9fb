// The offer to put back the unsaved rows of a table kept in this browser from an earlier visit
// (drafts.js): how many, from when, Restore or Discard them.
import { html } from 'htm/preact';
import { timeAgo } from '../format.js';

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** offer: {savedAt, rows} as readDrafts gives it, or null (nothing is drawn). */
export function DraftsOffer({ offer, entity, plural: many, onRestore, onDiscard }) {
  if (!offer) return null;
  return html`<div class="notice notice-info drafts-offer" data-testid="drafts-offer" role="status">
    ${plural(offer.rows.length, `unsaved ${entity}`, `unsaved ${many}`)} from your last visit
    (${timeAgo(offer.savedAt)}) ${offer.rows.length === 1 ? 'was' : 'were'} kept in this browser.
    <button type="button" class="primary" data-testid="drafts-restore" onClick=${onRestore}>Restore</button>
    <button type="button" data-testid="drafts-discard" onClick=${onDiscard}>Discard them</button>
  </div>`;
}
