// Projects of the active customer: list, create, make active, and open any project to edit or delete it.
// The project list answers names only ({id,name}); opening a project reads the full record (notes,
// version, last change) from GET /api/core/projects/detail/{id}/, and a save or delete sends that version.
// A version conflict offers Keep mine (re-send the edits onto the current version) or Reload theirs
// (read the project again and show the other user's values).
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, conflictsOf, nameErrorField } from '../api.js';
import { Loading, NeedsContext, Notice, When, useNow, useSession } from '../components/common.js';
import { ConflictDialog } from '../components/conflict-dialog.js';

const EDITABLE = ['name', 'notes'];
const changesOf = (base, draft) => Object.fromEntries(EDITABLE.filter((k) => draft[k] !== (base[k] ?? '')).map((k) => [k, draft[k]]));
const draftOf = (record) => ({ name: record.name ?? '', notes: record.notes ?? '' });
const detailPath = (id) => `/api/core/projects/detail/${id}/`;

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
  const { project: active, changeContext, refreshContext } = useSession();
  const now = useNow();
  const [projects, setProjects] = useState(null);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);
  const [create, setCreate] = useState({ name: '', notes: '' });
  const [createError, setCreateError] = useState(null);
  // {id, name, base: full record or null while loading, draft:{name,notes}, error, confirmDelete}
  const [edit, setEdit] = useState(null);
  const [conflict, setConflict] = useState(null); // {op, id, items}
  const createName = useRef(null);
  const editName = useRef(null);
  const opening = useRef(null); // id of the project whose detail read is the latest one asked for

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
  useEffect(() => { if (edit?.base) editName.current?.focus(); }, [edit?.id, edit?.base?.version]);

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

  // Closes the editor after the project disappeared (deleted here or by someone else).
  async function forget(text, kind = 'ok') {
    opening.current = null;
    setEdit(null);
    setConflict(null);
    setNotice({ kind, text });
    await load();
    refreshContext();
  }

  /** Reads the project and shows it in the editor; resolves with the record, or null when it is gone. */
  async function readProject(project) {
    opening.current = project.id;
    try {
      const record = await api.get(detailPath(project.id));
      if (opening.current !== project.id) return null; // another project was opened meanwhile
      setEdit({ id: record.id, name: record.name, base: record, draft: draftOf(record), error: null, confirmDelete: false });
      return record;
    } catch (error) {
      if (opening.current !== project.id) return null;
      if (error.status === 404) await forget(`${project.name} no longer exists (another user deleted it).`, 'error');
      else {
        setEdit((e) => (e?.id === project.id && !e.base ? null : e));
        setNotice({ kind: 'error', text: error.message });
      }
      return null;
    }
  }

  function open(project) {
    setNotice(null);
    setConflict(null);
    setEdit({ id: project.id, name: project.name, base: null, draft: draftOf(project), error: null, confirmDelete: false });
    readProject(project);
  }

  function close() {
    opening.current = null;
    setEdit(null);
  }

  function fail(error, op, base) {
    const conflicts = conflictsOf(error, 'project');
    if (conflicts) {
      setConflict({ op, id: base.id, items: conflicts.map((c) => ({ ...c, name: c.name || base.name })) });
      setNotice({ kind: 'error', text: `${error.message} Nothing was saved.` });
    } else if (error.status === 404) {
      forget(`${base.name} no longer exists (another user deleted it).`, 'error');
    } else if (op === 'save' && nameErrorField(error)) {
      setEdit((e) => e && { ...e, error: error.message });
      editName.current?.focus();
    } else {
      setNotice({ kind: 'error', text: error.message });
    }
  }

  async function save(version) {
    const base = edit.base;
    const changes = changesOf(base, edit.draft);
    if (!Object.keys(changes).length) {
      setNotice({ kind: 'ok', text: 'Nothing to save.' });
      return;
    }
    setBusy(true);
    setNotice(null);
    try {
      const saved = await api.put(`/api/core/projects/update/${base.id}/`, { ...changes, version: version ?? base.version });
      close();
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
    const base = edit.base;
    setBusy(true);
    setNotice(null);
    try {
      await api.del(`/api/core/projects/delete/${base.id}/`, { version: version ?? base.version });
      await forget(`Deleted ${base.name}.`);
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

  async function reloadTheirs() {
    const who = conflict.items[0]?.lastModifiedBy || 'another user';
    const base = edit?.base ?? { id: conflict.id, name: conflict.items[0]?.name ?? 'the project' };
    setBusy(true);
    setConflict(null);
    try {
      const record = await readProject(base);
      if (record) {
        setNotice({ kind: 'ok', text: `Your edits to ${base.name} were discarded. Showing version ${record.version}, last changed by ${record.last_modified_by || who}.` });
      }
    } finally {
      setBusy(false);
    }
  }

  const editing = edit?.base;
  const dirty = editing && Object.keys(changesOf(editing, edit.draft)).length > 0;
  const setDraft = (name, value) => setEdit((e) => ({ ...e, draft: { ...e.draft, [name]: value }, error: name === 'name' ? null : e.error }));

  return html`<section class="page" data-testid="projects-page">
    <header class="page-head">
      <h1>Projects <span class="muted">· ${customer.name}</span></h1>
      <p class="muted small">Make a project active to work on its zones and aliases; open a project to rename it, change its notes or delete it.</p>
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
        <thead><tr><th>Name</th><th><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>
          ${projects.map((p) => {
            const isActive = active?.id === p.id;
            return html`<tr key=${p.id} data-testid="project-row" data-id=${p.id} data-name=${p.name}
                class=${edit?.id === p.id ? 'selected' : ''}>
              <td data-testid="project-name"><strong>${p.name}</strong>
                ${isActive && html` <span class="badge" data-testid="active-badge">active</span>`}</td>
              <td class="nowrap row-actions">
                ${!isActive && html`<button type="button" data-testid="make-active" disabled=${busy}
                  aria-label=${`Make ${p.name} active`} onClick=${() => makeActive(p)}>Make active</button>`}
                <button type="button" data-testid="edit-project" disabled=${busy}
                  aria-label=${`Edit ${p.name}`} onClick=${() => open(p)}>Edit</button>
              </td>
            </tr>`;
          })}
        </tbody>
      </table></div>`}
    ${edit && !editing && html`<div class="panel" data-testid="project-edit-loading" aria-busy="true">
      <${Loading} what=${edit.name} />
    </div>`}
    ${editing && html`<form class="panel" data-testid="project-edit-form" data-id=${editing.id} aria-labelledby="edit-project-title"
        onSubmit=${(e) => { e.preventDefault(); save(); }}
        onKeyDown=${(e) => { if (e.key === 'Escape' && !conflict) { e.preventDefault(); close(); } }}>
      <h2 id="edit-project-title">Edit ${editing.name}</h2>
      <p class="meta muted small" data-testid="record-meta">
        Version <strong data-testid="record-version">${editing.version}</strong>
        ${editing.last_modified_by && html` · last changed by <strong data-testid="record-modified-by">${editing.last_modified_by}</strong>`}
        ${editing.last_modified_at && html` <span data-testid="record-modified-at"><${When} value=${editing.last_modified_at} now=${now} /></span>`}
      </p>
      <div class="inline-form">
        <${Field} id="edit-project-name" name="name" label="Name" value=${edit.draft.name} error=${edit.error}
          inputRef=${editName} disabled=${busy} required onInput=${(v) => setDraft('name', v)} />
        <${Field} id="edit-project-notes" name="notes" label="Notes" value=${edit.draft.notes} disabled=${busy} textarea
          onInput=${(v) => setDraft('notes', v)} />
      </div>
      <div class="actions">
        <button type="submit" class="primary" data-testid="save" disabled=${busy || !dirty}>Save</button>
        <button type="button" data-testid="cancel-edit" disabled=${busy} onClick=${close}>Cancel</button>
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
