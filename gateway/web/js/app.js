// sanplane web UI: sign-in, the signed-in shell (top bar, heartbeat) and hash routing.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, onUnauthorized } from './api.js';
import { heartbeatMs } from './format.js';
import { confirmLeave } from './leave-guard.js';
import { startLive, stopLive } from './live.js';
import { Session, usePolling } from './components/common.js';
import { TopBar } from './components/top-bar.js';
import { SignIn } from './pages/sign-in.js';
import { AliasesPage } from './pages/aliases.js';
import { ZonesPage } from './pages/zones.js';
import { ScriptsPage } from './pages/scripts.js';
import { ImportPage } from './pages/import.js';
import { FabricsPage } from './pages/fabrics.js';
import { StoragePage } from './pages/storage.js';
import { HostsPage, VolumesPage } from './pages/inventory.js';
import { ProjectsPage } from './pages/projects.js';
import { CustomersPage } from './pages/customers.js';
import { ApiDocsPage } from './pages/api-docs.js';
import { AuditPage } from './pages/audit.js';

const PAGES = {
  zones: ZonesPage,
  aliases: AliasesPage,
  scripts: ScriptsPage,
  import: ImportPage,
  fabrics: FabricsPage,
  storage: StoragePage,
  hosts: HostsPage,
  volumes: VolumesPage,
  projects: ProjectsPage,
  customers: CustomersPage,
  audit: AuditPage,
  api: ApiDocsPage,
};

// The part of the context a page depends on: it is remounted only when that part changes, so the
// Projects page keeps its state when the user makes one of its projects active, and the Import
// page its text when another project is chosen to receive what it creates.
const SCOPE = { projects: 'customer', import: 'customer', customers: 'none', api: 'none' };

function parseRoute(hash = window.location.hash) {
  const raw = hash.replace(/^#\/?/, '');
  const [path, search = ''] = raw.split('?');
  const [page, id] = path.split('/').filter(Boolean);
  return { page: PAGES[page] ? page : 'zones', id: id || null, query: new URLSearchParams(search) };
}

// Another page (a link, the back button, the address bar) asks first when the page shown has
// unsaved rows; staying puts the address back.
function useRoute() {
  const [route, setRoute] = useState(parseRoute);
  useEffect(() => {
    let shown = window.location.hash;
    const update = () => {
      if (window.location.hash === shown) return;
      const next = parseRoute();
      const current = parseRoute(shown);
      if ((next.page !== current.page || next.id !== current.id) && !confirmLeave()) {
        window.history.replaceState(null, '', shown || '#');
        return;
      }
      shown = window.location.hash;
      setRoute(next);
    };
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

const EMPTY_CONFIG = { active_customer: null, active_project: null };
const known = (ref) => (ref && ref.id !== null && ref.id !== undefined ? ref : null);
const normaliseConfig = (c) => ({ active_customer: known(c?.active_customer), active_project: known(c?.active_project) });

function Shell({ user, onSignOut }) {
  const route = useRoute();
  const heartbeat = heartbeatMs();
  const [config, setConfig] = useState(null);
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    api.get('/api/core/user-config/')
      .then((c) => setConfig(normaliseConfig(c)))
      .catch(() => setConfig(EMPTY_CONFIG));
  }, [user.id]);

  // Presence: tell the server this user is here, now and every `heartbeat` ms.
  usePolling(() => api.post('/api/core/heartbeat/').catch(() => {}), heartbeat, [user.id]);
  // Live events: one stream per tab while signed in (live.js); pages and the top bar subscribe.
  useEffect(() => {
    startLive();
    return stopLive;
  }, [user.id]);

  /** Makes another customer or project active; false when the user chose to stay with unsaved rows. */
  async function changeContext(customerId, projectId) {
    if (!confirmLeave()) return false;
    const answer = await api.put('/api/core/user-config/', { active_customer_id: customerId, active_project_id: projectId });
    const next = answer && 'active_customer' in answer ? answer : await api.get('/api/core/user-config/');
    setConfig(normaliseConfig(next));
    return true;
  }

  // After a customer or project was created, renamed or deleted: re-read the pickers' lists and
  // the user's context (the active project may be gone or have a new name).
  async function refreshContext() {
    setRevision((r) => r + 1);
    try {
      setConfig(normaliseConfig(await api.get('/api/core/user-config/')));
    } catch {
      // Keep the context shown; the next change reports the problem.
    }
  }

  if (!config) return html`<p class="boot">Loading…</p>`;
  const Page = PAGES[route.page];
  const session = {
    user, customer: config.active_customer, project: config.active_project, changeContext, refreshContext,
  };
  const scope = SCOPE[route.page];
  const contextKey = scope === 'none' ? '' : scope === 'customer' ? `${session.customer?.id ?? ''}`
    : `${session.customer?.id ?? ''}:${session.project?.id ?? ''}`;
  return html`<${Session.Provider} value=${session}>
    <${TopBar} user=${user} config=${config} route=${route} heartbeat=${heartbeat} revision=${revision}
      onContextChange=${changeContext} onSignOut=${onSignOut} />
    <main class="content">
      <${Page} key=${`${route.page}|${contextKey}`} id=${route.id} query=${route.query} />
    </main>
  <//>`;
}

function App() {
  const [user, setUser] = useState(undefined);
  const [reason, setReason] = useState(null);

  useEffect(() => {
    onUnauthorized(() => {
      setUser((current) => {
        if (current) setReason('Your session has ended. Please sign in again.');
        return null;
      });
    });
    api.get('/api/auth/user/')
      .then((answer) => setUser(answer?.user ?? answer))
      .catch(() => setUser(null));
  }, []);

  async function signOut() {
    if (!confirmLeave()) return;
    try {
      await api.post('/api/auth/logout/');
    } catch {
      // Signed out already, or the server is gone: either way show the sign-in page.
    }
    setReason('You have signed out.');
    setUser(null);
  }

  if (user === undefined) return html`<p class="boot">Loading sanplane…</p>`;
  if (!user) {
    return html`<${SignIn} reason=${reason} onSignedIn=${(u) => { setReason(null); setUser(u); }} />`;
  }
  return html`<${Shell} key=${user.id} user=${user} onSignOut=${signOut} />`;
}

render(html`<${App} />`, document.getElementById('app'));
