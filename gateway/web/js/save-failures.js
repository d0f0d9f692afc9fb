// Which row each failing item of a bulk save answer is about. The service names an item by the
// name it was sent with, else by its stored name, else "Unknown" (a new row sent without a name,
// or a record deleted meanwhile that was sent without its name), and answers no position; two rows
// may share a name (zones of one name in two fabrics). So each label keeps its rows in the order
// they were sent, and an item takes the first row it can be about. When names leave a conflict
// in doubt, the records as they are now decide: a version conflict is the row whose record now
// has the answered version, a deleted record the row whose record is gone.

export const UNNAMED_LABEL = 'Unknown';

/** The label the service gives a sent item: its sent name, else its stored name, else "Unknown". */
export function labelOf(sent, stored) {
  for (const name of [sent?.name, stored?.name]) {
    if (name !== undefined && name !== null && String(name) !== '') return String(name);
  }
  return UNNAMED_LABEL;
}

const sentName = (row) => row.item?.name !== undefined && row.item?.name !== null && String(row.item.name) !== '';

/** The rows a failure named `name` may be about, in the order sent. */
function candidatesOf(sent, name, conflict) {
  const label = String(name ?? '');
  const named = sent.filter((row) => labelOf(row.item, row.orig) === label);
  // A deleted record has no stored name left: the service can only name it by what was sent.
  if (conflict?.deleted && label === UNNAMED_LABEL) {
    return [...named, ...sent.filter((row) => row.orig && !sentName(row) && !named.includes(row))];
  }
  return named;
}

/**
 * True when the names of `failures` leave a conflict's row in doubt (several rows or none), so the
 * records as they are now are needed to match them (matchFailures' `current`).
 */
export function needsCurrentRecords(sent, failures) {
  return failures.some(({ name, conflict }) => conflict && candidatesOf(sent, name, conflict).length !== 1);
}

/**
 * sent: [{key, item: what was sent, orig: the record it was loaded as (null when new)}] in the
 * order sent; failures: [{name, conflict}] (failedItemsOf) in the order answered; current: the
 * records as they are now by id, when known. Returns the row key of each failure (null when no
 * row fits).
 */
export function matchFailures(sent, failures, current = null) {
  const taken = new Set();
  return failures.map(({ name, conflict }) => {
    const candidates = candidatesOf(sent, name, conflict).filter((row) => !taken.has(row.key));
    const fits = (row) => {
      if (conflict?.deleted) return Boolean(row.orig) && (!current || !current.has(row.orig.id));
      if (conflict && conflict.currentVersion !== null) {
        if (!row.orig || row.orig.version === conflict.currentVersion) return false;
        return !current || current.get(row.orig.id)?.version === conflict.currentVersion;
      }
      return true;
    };
    const row = candidates.find(fits) || candidates[0];
    if (!row) return null;
    taken.add(row.key);
    return row.key;
  });
}
