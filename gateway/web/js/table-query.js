// Filtering and sorting of the bulk-edited tables (aliases, zones), without the DOM: what each cell
// reads as, the search index of a row, the global and per-column filters, and multi-column sorting.
// WWPNs match in any separator form: "10-00-00-10-9B-AA-00-01", "100000109baa0001" and
// "10:00:00:10:9b:aa:00:01" are the same port.

const WWPN_SHAPE = /^[0-9a-f]{2}([:\-. ]?[0-9a-f]{2}){7}$/i;
const HEX_QUERY = /^[0-9a-f:\-. ]+$/i;

/** The 16 hex digits of a WWPN written in any separator form, lower case; null for anything else. */
export function wwpnDigits(text) {
  const value = String(text ?? '').trim();
  return WWPN_SHAPE.test(value) ? value.replace(/[^0-9a-f]/gi, '').toLowerCase() : null;
}

/**
 * What a query term means for a WWPN: its hex digits when the term could be (part of) one written
 * with separators or none ("9b-aa", "9BAA00"), else null.
 */
export function hexTerm(term) {
  if (!HEX_QUERY.test(term)) return null;
  const digits = term.replace(/[^0-9a-f]/gi, '').toLowerCase();
  return digits.length >= 2 ? digits : null;
}

const fromLookups = (option, lookups) => (typeof option === 'function' ? option(lookups) : option);

/** The option list of a select column ([{value, label}]), which may depend on the page's lookups. */
export const optionsOf = (column, lookups) => fromLookups(column.options, lookups) || [];

/**
 * The texts a cell is read, searched and sorted by. A column may say itself (`texts(value,
 * lookups)`, e.g. a zone's member names and WWPNs); else a select reads as its option's label, a
 * checkbox as "yes"/"no" and anything else as its string.
 */
export function cellTexts(column, value, lookups) {
  if (column.texts) return column.texts(value, lookups);
  if (column.kind === 'checkbox') return [value ? 'yes' : 'no'];
  if (column.kind === 'select') {
    const option = optionsOf(column, lookups).find((o) => String(o.value ?? '') === String(value ?? ''));
    return [option && option.value !== null ? String(option.label) : ''];
  }
  return [value === null || value === undefined ? '' : String(value)];
}

/** A cell's search entry: its texts in lower case, and the hex digits of those that are WWPNs. */
function searchEntry(texts) {
  const text = texts.join('\u0001').toLowerCase();
  const hex = texts.map(wwpnDigits).filter(Boolean).join('\u0001');
  return { text, hex };
}

const entryMatches = (entry, term, hex) => entry.text.includes(term) || (hex !== null && entry.hex.includes(hex));

/**
 * The search index of one row: per column its entry and its sort key, and one entry over every
 * column the global filter reads (checkboxes excluded: "yes" would match half the table).
 * valueOf(field) is the row's current value of a field.
 */
export function indexRow(columns, valueOf, lookups) {
  const cells = {};
  const all = [];
  for (const column of columns) {
    const value = valueOf(column.field);
    const texts = cellTexts(column, value, lookups);
    const sortKey = column.sortKey ? column.sortKey(value, lookups) : column.kind === 'checkbox' ? (value ? 1 : 0) : texts.join(' ');
    cells[column.field] = {
      ...searchEntry(texts),
      value,
      sortKey,
      order: typeof sortKey === 'string' ? collationKey(sortKey) : null,
    };
    if (column.kind !== 'checkbox') all.push(...texts);
  }
  return { cells, all: searchEntry(all) };
}

/** Splits the global filter into terms that must all match, each with its WWPN reading. */
export function parseQuery(text) {
  return String(text || '').toLowerCase().split(/\s+/).filter(Boolean).map((term) => ({ term, hex: hexTerm(term) }));
}

/**
 * A predicate over row indexes: every term of the global filter matches somewhere in the row, and
 * every column filter matches its cell. columnFilters: {field: text}; a select or checkbox column's
 * filter is the exact option value ("yes"/"no" for a checkbox), a text column's a substring.
 */
export function rowFilter(columns, globalText, columnFilters) {
  const terms = parseQuery(globalText);
  const checks = [];
  for (const column of columns) {
    const wanted = columnFilters?.[column.field];
    if (wanted === undefined || wanted === '') continue;
    if (column.kind === 'checkbox') {
      checks.push((index) => Boolean(index.cells[column.field].value) === (wanted === 'yes'));
    } else if (column.kind === 'select') {
      checks.push((index) => String(index.cells[column.field].value ?? '') === wanted);
    } else {
      const columnTerms = parseQuery(wanted);
      checks.push((index) => columnTerms.every(({ term, hex }) => entryMatches(index.cells[column.field], term, hex)));
    }
  }
  if (!terms.length && !checks.length) return null;
  return (index) => terms.every(({ term, hex }) => entryMatches(index.all, term, hex)) && checks.every((check) => check(index));
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

const isDigit = (code) => code >= 48 && code <= 57;

// Each printable ASCII character's place in the collator's order (characters it tells apart only
// by case share one; every digit takes the place of '0', digits being compared as numbers), or -1.
const COLLATION_RANK = (() => {
  const rank = new Int16Array(128).fill(-1);
  const chars = [];
  for (let code = 32; code < 127; code += 1) if (!isDigit(code)) chars.push(String.fromCharCode(code));
  chars.push('0');
  const ignored = (ch) => collator.compare(`a${ch}b`, 'ab') === 0;
  const sorted = chars.filter((ch) => !ignored(ch)).sort(collator.compare);
  let place = 0;
  sorted.forEach((ch, i) => {
    if (i > 0 && collator.compare(sorted[i - 1], ch) !== 0) place += 1;
    rank[ch.charCodeAt(0)] = place;
  });
  for (let code = 49; code <= 57; code += 1) rank[code] = rank[48];
  return rank;
})();
const RANK_BASE = 0x100;
const LENGTH_BASE = 0x1000;

/**
 * A string whose plain order (<) is the collator's order of `text` (case-insensitive, digit runs
 * as numbers, leading zeros ignored), or null when `text` holds a character outside printable
 * ASCII (such texts are compared by the collator itself). Sorting thousands of rows compares keys
 * about 60,000 times: made once per row, these compare many times faster than the collator.
 * tests/e2e/web-logic.test.mjs checks the two orders agree.
 */
export function collationKey(text) {
  let key = '';
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    if (code >= 128 || COLLATION_RANK[code] < 0) return null;
    if (!isDigit(code)) {
      key += String.fromCharCode(RANK_BASE + COLLATION_RANK[code]);
      i += 1;
      continue;
    }
    // A number: its place among characters, its count of digits without leading zeros, the digits.
    let start = i;
    while (start < text.length && text.charCodeAt(start) === 48) start += 1;
    let end = start;
    while (end < text.length && isDigit(text.charCodeAt(end))) end += 1;
    key += String.fromCharCode(RANK_BASE + COLLATION_RANK[48], LENGTH_BASE + (end - start)) + text.slice(start, end);
    i = end;
  }
  return key;
}

function compareKeys(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a ?? ''), String(b ?? ''));
}

/** Two cells of a search index in sort order: by their collation keys when both have one. */
function compareCells(a, b) {
  if (a.order !== null && b.order !== null) return a.order < b.order ? -1 : a.order > b.order ? 1 : 0;
  return compareKeys(a.sortKey, b.sortKey);
}

/**
 * Sorts items by the sort list [{field, descending}] (first entry first), reading each item's
 * index through indexOf; items that tie keep their order.
 */
export function sortItems(items, sort, indexOf) {
  if (!sort.length) return items;
  const fields = sort.map((s) => s.field);
  const directions = sort.map((s) => (s.descending ? -1 : 1));
  const keyed = items.map((item, position) => {
    const { cells } = indexOf(item);
    return { item, position, cells: fields.map((field) => cells[field]) };
  });
  keyed.sort((a, b) => {
    for (let i = 0; i < fields.length; i += 1) {
      const order = compareCells(a.cells[i], b.cells[i]);
      if (order) return order * directions[i];
    }
    return a.position - b.position;
  });
  return keyed.map((k) => k.item);
}

/**
 * The sort list after a click on a column's header: a plain click sorts by that column alone
 * (ascending, then descending, then unsorted; after a multi-column sort, ascending); a shift-click adds it to the list or turns it the
 * other way, and a third shift-click takes it out.
 */
export function nextSort(sort, field, additive) {
  const current = sort.find((s) => s.field === field);
  const turned = !current ? { field, descending: false } : !current.descending ? { field, descending: true } : null;
  if (!additive) {
    if (sort.length > 1 || !current) return [{ field, descending: false }];
    return turned ? [turned] : [];
  }
  if (!current) return [...sort, turned];
  return turned ? sort.map((s) => (s.field === field ? turned : s)) : sort.filter((s) => s.field !== field);
}

/** True when every term of `query` matches one of `texts` (WWPNs in any separator form). */
export function textsMatch(texts, query) {
  const terms = parseQuery(query);
  if (!terms.length) return true;
  const entry = searchEntry(texts);
  return terms.every(({ term, hex }) => entryMatches(entry, term, hex));
}
