// Asking before unsaved work is left behind: a page with unsaved rows registers what it would say,
// and everything that leaves the page (another page, another project, signing out) asks through
// confirmLeave first.

const guards = new Set();

/** Registers `describe`, which answers a sentence about unsaved work or '' when there is none. */
export function addLeaveGuard(describe) {
  guards.add(describe);
  return () => guards.delete(describe);
}

/** True when nothing is unsaved, or the user agreed to leave it. */
export function confirmLeave() {
  const unsaved = [...guards].map((describe) => describe()).filter(Boolean);
  if (!unsaved.length) return true;
  return window.confirm(`${unsaved.join(' ')} Leave this page anyway?`);
}
