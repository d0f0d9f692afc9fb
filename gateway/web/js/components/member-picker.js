// Choosing a zone's members: a search over the aliases of the zone's fabric by name or WWPN (any
// separator form), each shown with its use and how many zones of the project already hold it, with
// the option to hide those. Keyboard: type, arrows to move, Enter to add, Escape to close.
import { useMemo, useRef, useState, useEffect } from 'preact/hooks';
import { html } from 'htm/preact';
import { textsMatch } from '../table-query.js';

// More would only slow the list down; a longer query narrows it instead.
const SHOWN = 50;

/**
 * aliases: the candidates (the fabric's aliases not in the zone yet); zonedCount: Map alias id ->
 * number of the project's zones holding it; onAdd(id). label/emptyLabel/testId: the closed
 * picker's button (the bulk bar's "add to selected" and "remove from selected" pickers).
 */
export function MemberPicker({
  aliases, zonedCount, onAdd, disabled, label = '+ member…', emptyLabel = 'no more aliases', testId = 'member-add',
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [hideZoned, setHideZoned] = useState(false);
  const [highlight, setHighlight] = useState(0);
  const search = useRef(null);
  const listId = useMemo(() => `member-options-${Math.random().toString(36).slice(2, 8)}`, []);

  const found = useMemo(() => (open ? aliases.filter((a) => (!hideZoned || !zonedCount.get(a.id))
    && textsMatch([a.name, ...(a.wwpns || [a.wwpn])], query)) : []), [open, aliases, zonedCount, hideZoned, query]);
  const shown = found.slice(0, SHOWN);
  const at = Math.min(highlight, Math.max(0, shown.length - 1));

  useEffect(() => { if (open) search.current?.focus(); }, [open]);

  function add(alias) {
    onAdd(alias.id);
    setQuery('');
    setHighlight(0);
    search.current?.focus();
  }

  function onKeyDown(event) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setHighlight(Math.max(0, Math.min(shown.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1))));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (shown[at]) add(shown[at]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
    }
  }

  if (!open) {
    return html`<button type="button" class="add-member" data-testid=${testId} disabled=${disabled || !aliases.length}
      onClick=${() => setOpen(true)}>${aliases.length ? label : emptyLabel}</button>`;
  }
  return html`<div class="member-picker" data-testid="member-picker" onKeyDown=${onKeyDown}>
    <div class="member-picker-bar">
      <input type="search" ref=${search} data-testid="member-search" placeholder="Alias name or WWPN" spellcheck="false"
        role="combobox" aria-expanded="true" aria-controls=${listId} aria-label="Search aliases to add"
        aria-activedescendant=${shown[at] ? `${listId}-${shown[at].id}` : undefined}
        value=${query} onInput=${(e) => { setQuery(e.currentTarget.value); setHighlight(0); }} />
      <label class="small nowrap"><input type="checkbox" data-testid="member-hide-zoned" checked=${hideZoned}
        onChange=${(e) => setHideZoned(e.currentTarget.checked)} /> hide zoned</label>
      <button type="button" class="link" data-testid="member-done" onClick=${() => setOpen(false)}>Done</button>
    </div>
    <ul class="member-options" id=${listId} role="listbox" aria-label="Aliases">
      ${shown.map((a, i) => {
        const zones = zonedCount.get(a.id) || 0;
        return html`<li id=${`${listId}-${a.id}`} role="option" aria-selected=${i === at ? 'true' : 'false'}
            class=${i === at ? 'highlight' : ''} data-testid="member-option" data-alias-id=${a.id}
            onMouseDown=${(e) => e.preventDefault()} onClick=${() => add(a)}>
          <span class="member-name">${a.name}</span>
          <span class="mono small">${(a.wwpns || [a.wwpn]).join(' ')}</span>
          <span class=${`use-badge ${a.use ? `use-${a.use}` : ''}`}>${a.use || 'no use'}</span>
          <span class="muted small">${zones ? `in ${zones} zone${zones === 1 ? '' : 's'}` : 'not zoned'}</span>
        </li>`;
      })}
    </ul>
    <p class="muted small member-more" data-testid="member-found">
      ${found.length ? (found.length > SHOWN ? `${SHOWN} of ${found.length} shown; type to narrow.` : `${found.length} found.`) : 'No alias matches.'}
    </p>
  </div>`;
}
