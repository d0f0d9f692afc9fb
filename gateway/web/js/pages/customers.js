// Customers the signed-in user may see: a list and a detail form saved with PUT and the loaded
// version. A superuser creates, renames and deletes customers and manages their members; anyone
// else may edit the notes of their own customers (the server refuses a rename by a member).
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, nameErrorField } from '../api.js';
import { displayName } from '../format.js';
import { Loading, Notice, useSession } from '../components/common.js';
import { RecordDetailPage, RecordListPage } from '../components/record-pages.js';

// Edited in place (RecordTable): the notes by any member, the name by a superuser only.
const columnsFor = (superuser) => [
  { key: 'name', label: 'Name', edit: { kind: 'text' }, editable: () => superuser },
  { key: 'notes', label: 'Notes', className: 'notes', edit: { kind: 'text' } },
];
const SUPERUSER_COLUMNS = columnsFor(true);
const MEMBER_COLUMNS = columnsFor(false);
const SAVE = { url: (id) => `/api/customers/${id}/`, detailUrl: (id) => `/api/customers/${id}/`, method: 'put' };

function fieldsFor(superuser) {
  return [
    superuser
      ? { name: 'name', label: 'Name', required: true }
      : { name: 'name', label: 'Name', readOnly: true, hint: 'Only a superuser can rename a customer.' },
    { name: 'notes', label: 'Notes', kind: 'textarea', wide: true },
  ];
}

export function CustomersPage({ id }) {
  const { user } = useSession();
  const superuser = Boolean(user?.is_superuser);
  if (id && (id !== 'new' || superuser)) {
    return html`<${CustomerDetail} key=${id} id=${id} superuser=${superuser} />`;
  }
  return html`<${CustomerList} superuser=${superuser} />`;
}

function CustomerList({ superuser }) {
  return html`<${RecordListPage} route="customers" testid="customers-page" live=${['customer']} title="Customers"
    help=${superuser ? 'Every customer. Open one to edit it or manage its members.'
      : 'The customers you are a member of. Open one to edit its notes.'}
    newLabel=${superuser ? '+ New customer' : ''} newTestid="new-customer"
    path="/api/customers/" what="customers"
    tableTestid="customers-table" rowTestid="customer-row" empty=${superuser ? 'No customers yet.' : 'You are not a member of any customer yet.'}
    table="customers" entity="customer" columns=${superuser ? SUPERUSER_COLUMNS : MEMBER_COLUMNS} save=${SAVE} />`;
}

function CustomerDetail({ id, superuser }) {
  const { refreshContext } = useSession();
  return html`<${RecordDetailPage} route="customers" testid="customer-detail" listLabel="Customers"
      title="Customer" newTitle="New customer"
      entity="customer" recordId=${id} fields=${fieldsFor(superuser)} method="put"
      canDelete=${superuser} fieldOf=${nameErrorField}
      detailUrl=${(rid) => `/api/customers/${rid}/`} historyUrl=${(rid) => `/api/customers/${rid}/`} createUrl="/api/customers/"
      deleteUrl=${(rid) => `/api/customers/${rid}/`}
      createDefaults=${() => ({ name: '', notes: '' })}
      onChanged=${refreshContext}>
    ${superuser && id !== 'new' && html`<${Members} customerId=${id} />`}
  <//>`;
}

function Members({ customerId }) {
  const [members, setMembers] = useState(null);
  const [username, setUsername] = useState('');
  const [fieldError, setFieldError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);
  const input = useRef(null);

  async function load() {
    try {
      const list = await api.get(`/api/customers/${customerId}/members/`);
      setMembers(Array.isArray(list) ? list : list?.members || list?.results || []);
    } catch (error) {
      setMembers([]);
      setNotice({ kind: 'error', text: error.message });
    }
  }
  useEffect(() => { load(); }, [customerId]);

  async function add(event) {
    event.preventDefault();
    const name = username.trim();
    if (!name) {
      setFieldError('Enter the username of the user to add.');
      input.current?.focus();
      return;
    }
    setBusy(true);
    setNotice(null);
    setFieldError(null);
    try {
      await api.post(`/api/customers/${customerId}/members/`, { username: name });
      setUsername('');
      setNotice({ kind: 'ok', text: `Added ${name}.` });
      await load();
    } catch (error) {
      setFieldError(error.message);
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  async function remove(member) {
    setBusy(true);
    setNotice(null);
    try {
      await api.del(`/api/customers/${customerId}/members/${member.user_id}/`);
      setNotice({ kind: 'ok', text: `Removed ${member.username}.` });
      await load();
    } catch (error) {
      setNotice({ kind: 'error', text: error.message });
    } finally {
      setBusy(false);
    }
  }

  return html`<section class="subsection" data-testid="members" aria-labelledby="members-title">
    <h2 id="members-title">Members</h2>
    <p class="muted small">Members see this customer, its projects and everything in them.</p>
    <${Notice} notice=${notice} />
    ${members === null ? html`<${Loading} what="members" />` : !members.length
      ? html`<p class="empty" data-testid="members-empty">No members yet.</p>`
      : html`<ul class="member-list" data-testid="member-list">
        ${members.map((m) => html`<li key=${m.user_id} data-testid="member" data-username=${m.username}>
          <span><strong>${displayName(m)}</strong> <span class="muted small">@${m.username}</span></span>
          <button type="button" class="link danger-link" data-testid="remove-member" disabled=${busy}
            aria-label=${`Remove ${m.username}`} onClick=${() => remove(m)}>Remove</button>
        </li>`)}
      </ul>`}
    <form class="inline-form" data-testid="add-member-form" onSubmit=${add}>
      <div class="field">
        <label for="member-username">Add a member by username</label>
        <input id="member-username" ref=${input} data-testid="member-username" value=${username} spellcheck="false"
          autocomplete="off" class=${fieldError ? 'invalid' : ''} aria-invalid=${fieldError ? 'true' : undefined}
          aria-describedby=${fieldError ? 'member-username-error' : undefined} disabled=${busy}
          onInput=${(e) => { setUsername(e.currentTarget.value); setFieldError(null); }} />
        ${fieldError && html`<div class="field-error" id="member-username-error" data-testid="field-error" data-field="username" role="alert">${fieldError}</div>`}
      </div>
      <button type="submit" data-testid="add-member" disabled=${busy}>Add member</button>
    </form>
  </section>`;
}
