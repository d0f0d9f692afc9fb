// Projects of the active customer: list, create, make active, and open any project to rename it,
// edit its notes or delete it. The list answers names only ({id,name}); the shared record form
// reads the full record (notes, version, last change) from GET /api/core/projects/detail/{id}/ and
// sends that version with a save or a delete, with the conflict dialog when someone else was first.
// A delete releases the project's aliases and zones (they stay in their fabrics): the confirmation
// says so.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { fetchAll, nameErrorField } from '../api.js';
import { useLiveChanges } from '../live.js';
import { Loading, Notice, useSession, withCustomer } from '../components/common.js';
import { RecordTable } from '../components/record-table.js';
import { RecordForm } from '../components/record-form.js';

const NEW_FIELDS = [
  { name: 'name', label: 'New project name', required: true },
  { name: 'notes', label: 'Notes', kind: 'textarea' },
];
const FIELDS = [
  { name: 'name', label: 'Name', required: true },
  { name: 'notes', label: 'Notes', kind: 'textarea' },
];
// Sorted, filtered and renamed in place like every other table (the list answers names only:
// a row opened for editing reads its version from the detail).
const columnsFor = (activeId) => [{
  key: 'name', label: 'Name', cellTestid: 'project-name', edit: { kind: 'text' }, text: (p) => p.name,
  render: (p) => html`<strong>${p.name}</strong>${activeId === p.id && html` <span class="badge" data-testid="active-badge">active</span>`}`,
}];
const SAVE = {
  url: (id) => `/api/core/projects/update/${id}/`, detailUrl: (id) => `/api/core/projects/detail/${id}/`, method: 'put',
};
const URLS = {
  detailUrl: (id) => `/api/core/projects/detail/${id}/`,
  updateUrl: (id) => `/api/core/projects/update/${id}/`,
  deleteUrl: (id) => `/api/core/projects/delete/${id}/`,
  createUrl: '/api/core/projects/',
  historyUrl: (id) => `/api/core/projects/detail/${id}/`,
};

export const ProjectsPage = withCustomer(function Projects({ customer }) {
  const { project: active, changeContext, refreshContext } = useSession();
  const [projects, setProjects] = useState(null);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);
  // Each creation and each opening gets a fresh form, so nothing of the previous one lingers.
  const [createdCount, setCreatedCount] = useState(0);
  const [editing, setEditing] = useState(null); // {id, name, opening}
  const openings = useRef(0);
  const columns = useMemo(() => columnsFor(active?.id), [active?.id]);

  async function load() {
    try {
      setProjects(await fetchAll(`/api/core/projects/${customer.id}/`));
    } catch (error) {
      setProjects((p) => p || []);
      setNotice({ kind: 'error', text: error.message });
    }
  }
  useEffect(() => { load(); }, [customer.id]);
  // Others' creates, renames and deletes show up as they are committed.
  useLiveChanges(['project'], load);

  // After a project was created, saved or deleted: the list and the top-bar pickers follow.
  async function changed(text, kind = 'ok') {
    setNotice({ kind, text });
    await load();
    refreshContext();
  }

  async function makeActive(project) {
    setBusy(true);
    setNotice(null);
    try {
      if (await changeContext(customer.id, project.id)) {
        setNotice({ kind: 'ok', text: `${project.name} is now your active project.` });
      }
    } catch (error) {
      setNotice({ kind: 'error', text: error.message });
    } finally {
      setBusy(false);
    }
  }

  function open(project) {
    setNotice(null);
    openings.current += 1;
    setEditing({ id: project.id, name: project.name, opening: openings.current });
  }
  const close = () => setEditing(null);

  return html`<section class="page" data-testid="projects-page">
    <header class="page-head">
      <h1>Projects <span class="muted">· ${customer.name}</span></h1>
      <p class="muted small">Make a project active to work on its zones and aliases; open a project to rename it, change its notes or delete it.</p>
    </header>
    <${RecordForm} key=${createdCount} entity="project" recordId="new" fields=${NEW_FIELDS} ...${URLS}
      testid="project-create-form" idPrefix="new-project-" fieldOf=${nameErrorField}
      createDefaults=${() => ({ name: '', customer: customer.id, notes: '' })}
      onCreated=${(record) => { setCreatedCount((n) => n + 1); changed(`Created ${record.name}.`); }} />
    <${Notice} notice=${notice} />
    ${projects === null ? html`<${Loading} what="projects" />` : !projects.length
      ? html`<p class="empty" data-testid="projects-empty">No projects for this customer yet.</p>`
      : html`<${RecordTable} table="projects" entity="project" testid="projects-table" rowTestid="project-row"
        records=${projects} columns=${columns} save=${SAVE} draftScope=${`customer-${customer.id}`} audit=${false} actionsWidth=${200} rowAttrs=${(p) => ({ 'data-name': p.name })}
        onSaved=${(saved) => changed(`Saved ${saved.name} (version ${saved.version}).`)}
        actions=${(p) => html`${active?.id !== p.id && html`<button type="button" data-testid="make-active" disabled=${busy}
            aria-label=${`Make ${p.name} active`} onClick=${() => makeActive(p)}>Make active</button>`}
          <button type="button" data-testid="edit-project" disabled=${busy}
            aria-label=${`Edit ${p.name}`} onClick=${() => open(p)}>Edit</button>`} />`}
    ${editing && html`<section class="panel" data-testid="project-edit-form" data-id=${editing.id} aria-labelledby="edit-project-title"
        onKeyDown=${(e) => { if (e.key === 'Escape') { e.preventDefault(); close(); } }}>
      <h2 id="edit-project-title">Edit ${editing.name}</h2>
      <${RecordForm} key=${editing.opening} entity="project" recordId=${editing.id} fields=${FIELDS} ...${URLS}
        method="put" testid="project-record-form"
        deleteQuery=${{ release: true }} deleteNote="Its aliases and zones stay in their fabrics." idPrefix="edit-project-" autoFocus fieldOf=${nameErrorField}
        onSaved=${(saved) => { close(); changed(`Saved ${saved.name} (version ${saved.version}).`); }}
        onDeleted=${(record) => { close(); changed(`Deleted ${record.name}.`); }}
        onMissing=${() => { close(); changed(`${editing.name} no longer exists (another user deleted it).`, 'error'); }}
        onCancel=${close} />
    </section>`}
  </section>`;
});
