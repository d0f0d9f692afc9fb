// Saves that merge (`base_version`): an edited record is sent as the fields the user changed and
// the version they were loaded at, and the service merges them with what others saved since. This
// module holds the browser's side of it, as pure functions: the item sent, the 409 that lists the
// fields changed on both sides, the user's pick per field applied onto the record as it is now (a
// three-way merge by the service's rules: a keyed list such as a zone's members merges per item),
// and the words for what a merged save kept of others' changes.
import { ApiError } from './api.js';

// A list of records (a zone's members) is a set: its order does not make a change. A list of
// plain values (an alias's WWPNs) is ordered.
function normalise(value) {
  if (Array.isArray(value)) {
    const records = value.some((v) => v && typeof v === 'object');
    return JSON.stringify(records ? value.map((v) => JSON.stringify(v)).sort() : value);
  }
  return value === undefined ? null : value;
}
export const same = (a, b) => normalise(a) === normalise(b);

/** The item of a merged save of an edited record: its id, the version loaded and the changes. */
export const mergeItem = (orig, changes) => ({ id: orig.id, base_version: orig.version, ...changes });

/**
 * The fields changed on both sides of a merged save's 409, or null when the error is not one:
 * [{id, field, base, theirs, mine, changedBy, changedAt}] (an item of a keyed list stands for
 * itself: base/theirs/mine are that item, null where it is not in the list).
 */
export function fieldConflictsOf(error) {
  if (!(error instanceof ApiError) || error.status !== 409 || !Array.isArray(error.body?.conflicts)) return null;
  return error.body.conflicts.map((c) => ({
    id: c.id,
    field: c.field,
    base: c.base ?? null,
    theirs: c.theirs ?? null,
    mine: c.mine ?? null,
    changedBy: c.changed_by ?? null,
    changedAt: c.changed_at ?? null,
  }));
}

/** The key of a keyed list's item in a conflict (the alias of a zone member), or undefined. */
function itemKeyOf(conflict, keyedLists) {
  const key = keyedLists[conflict.field];
  if (!key) return undefined;
  return (conflict.base ?? conflict.theirs ?? conflict.mine)?.[key];
}

/** What a pick is made for: a field, or one item of a keyed list ("members:12"). */
export function pickIdOf(conflict, keyedLists = {}) {
  const item = itemKeyOf(conflict, keyedLists);
  return item === undefined ? conflict.field : `${conflict.field}:${item}`;
}

// Two items of a keyed list are the same when their values are, an absent value (a member's
// role) being null.
function canonicalItem(item) {
  if (!item) return null;
  return JSON.stringify(Object.keys(item).sort().filter((k) => item[k] !== null && item[k] !== undefined).map((k) => [k, item[k]]));
}
const sameItem = (a, b) => canonicalItem(a) === canonicalItem(b);

/**
 * A keyed list (a zone's members by alias) merged item by item: an item only one side changed
 * (added, removed, edited) takes that side; an item both changed differently takes
 * `pickOf(key)` ('mine' or else theirs). Theirs' order first, then the items only mine has.
 */
export function mergeKeyed(base, theirs, mine, key, pickOf = () => 'theirs') {
  const index = (list) => new Map((list || []).map((item) => [item[key], item]));
  const b = index(base);
  const t = index(theirs);
  const m = index(mine);
  const out = [];
  for (const k of new Set([...t.keys(), ...m.keys(), ...b.keys()])) {
    const was = b.get(k) ?? null;
    const their = t.get(k) ?? null;
    const my = m.get(k) ?? null;
    let chosen;
    if (sameItem(my, was)) chosen = their;
    else if (sameItem(their, was) || sameItem(their, my)) chosen = my;
    else chosen = pickOf(k) === 'mine' ? my : their;
    if (chosen) out.push(chosen);
  }
  return out;
}

/**
 * The edits to hold on top of `current` (the record as it is now) so that saving them with
 * `current`'s version gives the merge of `mine` (the changed fields, made on `base`) with what
 * others changed since: a field only the user changed keeps their value; one both changed takes
 * `pickOf(field, itemKey)` ('mine', else theirs stays); keyed lists merge per item.
 */
export function mergeOnto({ base, current, mine, keyedLists = {}, pickOf = () => 'theirs' }) {
  const draft = {};
  for (const [field, value] of Object.entries(mine)) {
    const key = keyedLists[field];
    const theirs = current?.[field];
    if (key) {
      const merged = mergeKeyed(base?.[field], theirs, value, key, (item) => pickOf(field, item));
      if (!same(merged, theirs)) draft[field] = merged;
    } else if (!same(value, theirs) && (same(theirs, base?.[field]) || pickOf(field) === 'mine')) {
      draft[field] = value;
    }
  }
  return draft;
}

/** "alice's change to notes, bob's to members and zone_type": what a merged save kept of others'. */
export function keptChangesText(theirs) {
  const byUser = new Map();
  for (const change of theirs || []) {
    const who = change.changed_by || 'another user';
    byUser.set(who, [...(byUser.get(who) || []), change.field]);
  }
  const list = (words) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`);
  return [...byUser].map(([who, fields], i) => `${who}'s ${i === 0 ? `change${fields.length > 1 ? 's' : ''} ` : ''}to ${list(fields)}`).join(', ');
}

/** Others' changes a save's `merges` kept, by record id: Map id -> [{field, changed_by, changed_at}]. */
export function keptChangesOf(answer) {
  const kept = new Map();
  for (const merge of answer?.merges || []) {
    if (merge.merged && merge.theirs?.length) kept.set(merge.id, merge.theirs);
  }
  return kept;
}
