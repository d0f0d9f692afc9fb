// The top bar: navigation, the customer/project picker, who else is active, and sign-out.
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, fetchAll } from '../api.js';
import { absoluteTime, displayName, timeAgo } from '../format.js';
import { useNow, usePolling } from './common.js';
import { useLive, useLiveState } from '../live.js';
import { applyPresence } from '../live-merge.js';

/** A dot: whether live updates are flowing (green), being reconnected, or off. */
function LiveStatus() {
  const state = useLiveState();
  const text = { ready: 'Live updates on', closed: 'Live updates off' }[state] || 'Live updates reconnecting…';
  return html`<span class="live-status" data-testid="live-status" data-state=${state} title=${text} role="img" aria-label=${text}></span>`;
}

const PAGES = [
  ['zones', 'Zones'], ['aliases', 'Aliases'], ['scripts', 'Scripts'], ['import', 'Import'], ['fabrics', 'Fabrics'],
  ['storage', 'Storage'], ['hosts', 'Hosts'], ['volumes', 'Volumes'],
  ['projects', 'Projects'], ['customers', 'Customers'], ['audit', 'Audit'], ['api', 'API'],
];

function initials(user) {
  const name = displayName(user);
  const parts = name.split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] || '') + (parts.length > 1 ? parts[parts.length - 1][0] : parts[0]?.[1] || '')).toUpperCase();
}

function ContextPicker({ config, revision, onChange }) {
  const [customers, setCustomers] = useState(null);
  const [projects, setProjects] = useState([]);
  const [error, setError] = useState(null);
  const customerId = config.active_customer?.id ?? null;
  const projectId = config.active_project?.id ?? null;

  useEffect(() => {
    fetchAll('/api/customers/').then(setCustomers).catch((e) => { setCustomers([]); setError(e.message); });
  }, [revision]);
  useEffect(() => {
    setProjects([]);
    if (customerId === null) return;
    api.get(`/api/core/projects/${customerId}/`)
      .then((list) => setProjects(Array.isArray(list) ? list : list?.results || []))
      .catch((e) => setError(e.message));
  }, [customerId, revision]);

  async function choose(event, nextCustomer, nextProject) {
    const picker = event.currentTarget;
    const before = String((picker.dataset.testid === 'customer-picker' ? customerId : projectId) ?? '');
    setError(null);
    try {
      // The user chose to stay (unsaved rows): the picker shows the active one again.
      if ((await onChange(nextCustomer, nextProject)) === false) picker.value = before;
    } catch (e) {
      setError(e.message);
    }
  }

  const customerList = customers || (config.active_customer ? [config.active_customer] : []);
  return html`<div class="context" data-testid="context-picker">
    <label class="sr-only" for="customer-picker">Customer</label>
    <select id="customer-picker" data-testid="customer-picker" value=${customerId === null ? '' : String(customerId)}
        onChange=${(e) => choose(e, e.currentTarget.value ? Number(e.currentTarget.value) : null, null)}>
      <option value="">Customer…</option>
      ${customerList.map((c) => html`<option value=${String(c.id)}>${c.name}</option>`)}
    </select>
    <label class="sr-only" for="project-picker">Project</label>
    <select id="project-picker" data-testid="project-picker" value=${projectId === null ? '' : String(projectId)}
        disabled=${customerId === null}
        onChange=${(e) => choose(e, customerId, e.currentTarget.value ? Number(e.currentTarget.value) : null)}>
      <option value="">${customerId === null ? 'Project…' : projects.length ? 'Project…' : 'No projects'}</option>
      ${projects.map((p) => html`<option value=${String(p.id)}>${p.name}</option>`)}
      ${projectId !== null && !projects.some((p) => p.id === projectId)
        ? html`<option value=${String(projectId)}>${config.active_project.name}</option>` : null}
    </select>
    ${error && html`<span class="context-error" role="alert" data-testid="context-error">${error}</span>`}
  </div>`;
}

function ActiveUsers({ me, intervalMs, contextKey }) {
  const [users, setUsers] = useState(null);
  const [unavailable, setUnavailable] = useState(null);
  const [open, setOpen] = useState(false);
  const now = useNow(intervalMs < 15000 ? intervalMs : 15000);

  const refresh = async () => {
    try {
      const answer = await api.get('/api/core/active-users/');
      setUsers(answer?.active_users || []);
      setUnavailable(null);
    } catch (e) {
      if (e.status !== 401) setUnavailable(e.message);
    }
  };
  // Read now and every `intervalMs`, and after every (re)connection of the live stream, whose
  // `presence` events keep the list current in between.
  usePolling(refresh, intervalMs, [contextKey]);
  useLive('ready', refresh);
  useLive('presence', (event) => setUsers((list) => (list ? applyPresence(list, event) : list)));

  useEffect(() => {
    if (!open) return undefined;
    const close = (e) => { if (e.key === 'Escape') setOpen(false); };
    document.addEventListener('keydown', close);
    return () => document.removeEventListener('keydown', close);
  }, [open]);

  const list = users || [];
  const others = list.filter((u) => u.user?.id !== me.id);
  return html`<div class="presence">
    <button type="button" class="presence-toggle" data-testid="active-users-toggle" aria-expanded=${open ? 'true' : 'false'}
        aria-controls="active-users-list" title=${unavailable || 'Who is active'} onClick=${() => setOpen(!open)}>
      <span class="avatars" aria-hidden="true">
        ${others.slice(0, 4).map((u) => html`<span class="avatar">${initials(u.user)}</span>`)}
      </span>
      <span data-testid="active-users-count">${unavailable ? 'presence unavailable' : `${list.length} active`}</span>
    </button>
    ${open && html`<div class="popover" id="active-users-list" data-testid="active-users-list" role="region" aria-label="Active users">
      ${unavailable && html`<p class="notice notice-error small">${unavailable}</p>`}
      ${!list.length ? html`<p class="muted small">Nobody active in the last 5 minutes.</p>` : html`<ul>
        ${list.map((u) => {
          const c = u.active_customer?.name;
          const p = u.active_project?.name;
          return html`<li data-testid="active-user" data-username=${u.user?.username}>
            <span class="avatar">${initials(u.user)}</span>
            <span class="who">
              <strong>${displayName(u.user)}</strong>${u.user?.id === me.id ? ' (you)' : ''}
              <span class="muted small"> @${u.user?.username}</span><br />
              <span class="where small" data-testid="active-user-where">
                ${c ? html`<span data-testid="active-user-customer">${c}</span>` : html`<span class="muted">no customer</span>`}
                ${' / '}
                ${p ? html`<span data-testid="active-user-project">${p}</span>` : html`<span class="muted">no project</span>`}
              </span>
              <span class="muted small" title=${absoluteTime(u.last_activity)}> · ${timeAgo(u.last_activity, now)}</span>
            </span>
          </li>`;
        })}
      </ul>`}
    </div>`}
  </div>`;
}

export function TopBar({ user, config, route, heartbeat, revision, onContextChange, onSignOut }) {
  const contextKey = `${config.active_customer?.id ?? ''}:${config.active_project?.id ?? ''}`;
  return html`<header class="topbar" data-testid="top-bar">
    <a class="brand" href="#/zones"><span class="logo" aria-hidden="true">◧</span> sanplane</a>
    <nav aria-label="Pages">
      ${PAGES.map(([page, label]) => html`<a href=${`#/${page}`} data-testid=${`nav-${page}`}
        aria-current=${route.page === page ? 'page' : undefined}>${label}</a>`)}
    </nav>
    <span class="spacer"></span>
    <${ContextPicker} config=${config} revision=${revision} onChange=${onContextChange} />
    <${LiveStatus} />
    <${ActiveUsers} me=${user} intervalMs=${heartbeat} contextKey=${contextKey} />
    <span class="user" data-testid="current-user" title=${user.email || ''}>${displayName(user)}</span>
    <button type="button" class="link" data-testid="sign-out" onClick=${onSignOut}>Sign out</button>
  </header>`;
}
