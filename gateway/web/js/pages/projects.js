// Projects of the active customer: list, create, make active, and edit or delete with the version.
// The project list answers names only ({id,name}) and there is no single-project read, so the page
// knows a project's notes and version only from the answers to its own create and update calls.
// Those records are kept for the life of the browser tab; only they can be edited or deleted here.
// Every other project is shown by name and can be made active.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, conflictsOf, nameErrorField } from '../api.js';
import { AUDIT_HEADERS, AuditCells, Loading, NeedsContext, Notice, useNow, useSession } from '../components/common.js';
import { ConflictDialog } from '../components/conflict-dialog.js';

/** Full project records (with version) from this tab's create and update answers, by id. */
const held = new Map();

const EDITABLE = ['name', 'notes'];
const changesOf = (base, draft) => Object.fromEntries(EDITABLE.filter((k) => draft[k] !== (base[k] ?? '')).map((k) => [k, draft[k]]));

export function ProjectsPage() {
  const { customer } = useSession();
  if (!customer) return html`<${NeedsContext} what="customer" />`;
  return html`<${Projects} key=${customer.id} customer=${customer} />`;
}

/** A labelled text input or textarea with its error shown under it. */
function Field({ id, name, label, value, error, onInput, textarea, inputRef, required, disabled }) {
  const props = {
    id, name, ref: inputRef, 'data-testid': `field-${name}`, value, disabled, class: error ? 'invalid' : '',
    'aria-invalid': error ? 'true' : undefined, 'aria-describedby': error ? `${id}-error` : undefined,
    onInput: (e) => onInput(e.currentTarget.value),
  };
  return html`<div class=${`field ${textarea ? 'grow' : ''}`}>
    <label for=${id}>${label}</label>
    ${textarea ? html`<textarea rows="1" ...${props} />` : html`<input type="text" spellcheck="false" required=${required} ...${props} />`}
    ${error && html`<div class="field-error" id=${`${id}-error`} data-testid="field-error" data-field=${name} role="alert">${error}</div>`}
  </div>`;
}

function Projects({ customer }) {
  const { user, project: active, changeContext, refreshContext } = useSession();
  const now = useNow();
  const [projects, setProjects] = useState(null);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);
  const [create, setCreate] = useState({ name: '', notes: '' });
  const [createError, setCreateError] = useState(null);
  const [edit, setEdit] = useState(null); // {id, draft:{name,notes}, error, confirmDelete}
  const [conflict, setConflict] = useState(null); // {op, id, items}
  const createName = useRef(null);
  const editName = useRef(null);

  async function load() {
    try {
      const list = await api.get(`/api/core/projects/${customer.id}/`);
      setProjects(Array.isArray(list) ? list : list?.results || []);
    } catch (error) {
      setProjects((p) => p || []);
      setNotice({ kind: 'error', text: error.message });
    }
  }
  useEffect(() => { load(); }, [customer.id]);
  useEffect(() => { if (edit) editName.current?.focus(); }, [edit?.id]);

  async function submitCreate(event) {
    event.preventDefault();
    const name = create.name.trim();
    if (!name) {
      setCreateError('Enter a name for the project.');
      createName.current?.focus();
      return;
    }
    setBusy(true);
    setNotice(null);
    setCreateError(null);
    try {
      const created = await api.post('/api/core/projects/', { name, customer: customer.id, notes: create.notes });
      held.set(created.id, created);
      setCreate({ name: '', notes: '' });
      setNotice({ kind: 'ok', text: `Created ${created.name}.` });
      await load();
      refreshContext();
    } catch (error) {
      if (nameErrorField(error)) setCreateError(error.message);
      else setNotice({ kind: 'error', text: error.message });
      createName.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  async function makeActive(project) {
    setBusy(true);
    setNotice(null);
    try {
      await changeContext(customer.id, project.id);
      setNotice({ kind: 'ok', text: `${project.name} is now your active project.` });
    } catch (error) {
      setNotice({ kind: 'error', text: error.message });
    } finally {
      setBusy(false);
    }
  }

  function startEdit(record) {
    setNotice(null);
    setEdit({ id: record.id, draft: { name: record.name, notes: record.notes ?? '' }, error: null, confirmDelete: false });
  }

  // Forgets the held record (deleted, or changed elsewhere in a way this page cannot load).
  async function forget(id, text, kind = 'ok') {
    held.delete(id);
    setEdit(null);
    setConflict(null);
    setNotice({ kind, text });
    await load();
    refreshContext();
  }

  function fail(error, op, base) {
    const conflicts = conflictsOf(error, 'project');
    if (conflicts) {
      setConflict({ op, id: base.id, items: conflicts.map((c) => ({ ...c, name: c.name || base.name })) });
      setNotice({ kind: 'error', text: `${error.message} Nothing was saved.` });
    } else if (error.status === 404) {
      forget(base.id, `${base.name} no longer exists (another user deleted it).`, 'error');
    } else if (op === 'save' && nameErrorField(error)) {
      setEdit((e) => e && { ...e, error: error.message });
      editName.current?.focus();
    } else {
      setNotice({ kind: 'error', text: error.message });
    }
  }

  async function save(version) {
    const base = held.get(edit.id);
    const changes = changesOf(base, edit.draft);
    if (!Object.keys(changes).length) {
      setNotice({ kind: 'ok', text: 'Nothing to save.' });
      return;
    }
    setBusy(true);
    setNotice(null);
    try {
      const saved = await api.put(`/api/core/projects/update/${base.id}/`, { ...changes, version: version ?? base.version });
      held.set(saved.id, saved);
      setEdit(null);
      setConflict(null);
      setNotice({ kind: 'ok', text: `Saved ${saved.name} (version ${saved.version}).` });
      await load();
      refreshContext();
    } catch (error) {
      setConflict(null);
      fail(error, 'save', base);
    } finally {
      setBusy(false);
    }
  }

  async function remove(version) {
    const base = held.get(edit.id);
    setBusy(true);
    setNotice(null);
    try {
      await api.del(`/api/core/projects/delete/${base.id}/`, { version: version ?? base.version });
      await forget(base.id, `Deleted ${base.name}.`);
    } catch (error) {
      setConflict(null);
      fail(error, 'delete', base);
    } finally {
      setBusy(false);
    }
  }

  function keepMine() {
    const current = conflict.items[0]?.currentVersion;
    if (conflict.op === 'delete') remove(current);
    else save(current);
  }

  function reloadTheirs() {
    const base = held.get(conflict.id);
    const who = conflict.items[0]?.lastModifiedBy || 'another user';
    forget(conflict.id, `Your edits to ${base?.name ?? 'the project'} were discarded. ${who} changed it; this page cannot read a project's notes and version, so it shows the current name only.`);
  }

  const editing = edit && held.get(edit.id);
  const dirty = editing && Object.keys(changesOf(editing, edit.draft)).length > 0;
  const setDraft = (name, value) => setEdit((e) => ({ ...e, draft: { ...e.draft, [name]: value }, error: name === 'name' ? null : e.error }));

  return html`<section class="page" data-testid="projects-page">
    <header class="page-head">
      <h1>Projects <span class="muted">· ${customer.name}</span></h1>
      <p class="muted small">Make a project active to work on its zones and aliases.</p>
    </header>
    <form class="inline-form" data-testid="project-create-form" aria-label="New project" onSubmit=${submitCreate}>
      <${Field} id="new-project-name" name="name" label="New project name" value=${create.name} error=${createError}
        inputRef=${createName} disabled=${busy}
        onInput=${(v) => { setCreate((c) => ({ ...c, name: v })); setCreateError(null); }} />
      <${Field} id="new-project-notes" name="notes" label="Notes" value=${create.notes} disabled=${busy} textarea
        onInput=${(v) => setCreate((c) => ({ ...c, notes: v }))} />
      <button type="submit" class="primary" data-testid="create-project" disabled=${busy}>Create project</button>
    </form>
    <${Notice} notice=${notice} />
    ${projects === null ? html`<${Loading} what="projects" />` : !projects.length
      ? html`<p class="empty" data-testid="projects-empty">No projects for this customer yet.</p>`
      : html`<div class="table-wrap"><table class="grid" data-testid="projects-table">
        <thead><tr><th>Name</th><th>Notes</th>${AUDIT_HEADERS}<th><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>
          ${projects.map((p) => {
            const record = held.get(p.id);
            const isActive = active?.id === p.id;
            return html`<tr key=${p.id} data-testid="project-row" data-id=${p.id} data-name=${p.name}
                class=${edit?.id === p.id ? 'selected' : ''}>
              <td data-testid="project-name"><strong>${p.name}</strong>
                ${isActive && html` <span class="badge" data-testid="active-badge">active</span>`}</td>
              ${record ? html`<td class="notes" data-testid="project-notes">${record.notes}</td>
                  <${AuditCells} record=${record} me=${user?.username} now=${now} />`
                : html`<td class="muted small" colspan="4" title="The project list carries names only.">name only</td>`}
              <td class="nowrap row-actions">
                ${!isActive && html`<button type="button" data-testid="make-active" disabled=${busy}
                  aria-label=${`Make ${p.name} active`} onClick=${() => makeActive(p)}>Make active</button>`}
                ${record && html`<button type="button" data-testid="edit-project" disabled=${busy}
                  aria-label=${`Edit ${p.name}`} onClick=${() => startEdit(record)}>Edit</button>`}
              </td>
            </tr>`;
          })}
        </tbody>
      </table></div>
      <p class="muted small" data-testid="projects-help">Projects you create or save here can be edited and deleted
        until you reload the page; the project list gives names only, not the version an edit or delete must send.</p>`}
    ${editing && html`<form class="panel" data-testid="project-edit-form" data-id=${editing.id} aria-labelledby="edit-project-title"
        onSubmit=${(e) => { e.preventDefault(); save(); }}
        onKeyDown=${(e) => { if (e.key === 'Escape' && !conflict) { e.preventDefault(); setEdit(null); } }}>
      <h2 id="edit-project-title">Edit ${editing.name} <span class="muted small">· version <span data-testid="record-version">${editing.version}</span></span></h2>
      <div class="inline-form">
        <${Field} id="edit-project-name" name="name" label="Name" value=${edit.draft.name} error=${edit.error}
          inputRef=${editName} disabled=${busy} required onInput=${(v) => setDraft('name', v)} />
        <${Field} id="edit-project-notes" name="notes" label="Notes" value=${edit.draft.notes} disabled=${busy} textarea
          onInput=${(v) => setDraft('notes', v)} />
      </div>
      <div class="actions">
        <button type="submit" class="primary" data-testid="save" disabled=${busy || !dirty}>Save</button>
        <button type="button" data-testid="cancel-edit" disabled=${busy} onClick=${() => setEdit(null)}>Cancel</button>
        ${edit.confirmDelete
          ? html`<span class="confirm">Delete ${editing.name}?
              <button type="button" class="danger" data-testid="confirm-delete" disabled=${busy} onClick=${() => remove()}>Delete</button>
              <button type="button" class="link" onClick=${() => setEdit((e) => ({ ...e, confirmDelete: false }))}>Keep</button></span>`
          : html`<button type="button" class="danger-outline" data-testid="delete" disabled=${busy}
              onClick=${() => setEdit((e) => ({ ...e, confirmDelete: true }))}>Delete…</button>`}
      </div>
    </form>`}
    ${conflict && html`<${ConflictDialog} entity="project" conflicts=${conflict.items} busy=${busy}
      onReload=${reloadTheirs} onKeepMine=${keepMine} onCancel=${() => setConflict(null)} />`}
  </section>`;
}
