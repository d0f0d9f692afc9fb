// REST client of the sanplane gateway: same-origin fetch with the session cookie, the CSRF header
// on unsafe methods, JSON in and out, and one error type that carries the HTTP status and body.

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const TIMEOUT_MS = 30000;

export class ApiError extends Error {
  constructor(status, body) {
    super(messageOf(status, body));
    this.name = 'ApiError';
    this.status = status;
    this.body = body || {};
  }
}

function messageOf(status, body) {
  if (body && typeof body.error === 'string') {
    return body.message && body.message !== body.error ? `${body.error}: ${body.message}` : body.error;
  }
  if (status === 0) return 'The server cannot be reached or did not answer in time.';
  if ([502, 503, 504].includes(status)) return `The service is unavailable right now (HTTP ${status}); try again in a moment.`;
  return `Request failed (HTTP ${status}).`;
}

/**
 * The JSON body of an answer, or null. A page that is not JSON (an HTML error page of a proxy or
 * load balancer in front of the gateway) is not shown to the user: the status alone speaks.
 */
export function bodyOf(text, contentType) {
  if (!text) return null;
  const looksJson = /json/i.test(contentType || '') || /^\s*[[{]/.test(text);
  if (!looksJson) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

let unauthorizedHandler = () => {};
/** Called with the ApiError whenever a signed-in request answers 401 (the session is gone). */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

export function cookie(name) {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

/**
 * Sends one request. Resolves with the parsed JSON body (or null); rejects with ApiError.
 * `auth: false` keeps a 401 from being treated as "signed out" (the login form's own 401).
 */
export async function request(method, path, { body, query, auth = true } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method)) {
    const token = cookie('csrftoken');
    if (token) headers['X-CSRFToken'] = token;
  }
  let response;
  try {
    response = await fetch(withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new ApiError(0, null);
  }
  const data = bodyOf(await response.text(), response.headers.get('Content-Type'));
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (response.status === 401 && auth) unauthorizedHandler(error);
    throw error;
  }
  return data;
}

export const api = {
  get: (path, query, options) => request('GET', path, { query, ...options }),
  post: (path, body, options) => request('POST', path, { body, ...options }),
  put: (path, body, options) => request('PUT', path, { body, ...options }),
  patch: (path, body, options) => request('PATCH', path, { body, ...options }),
  del: (path, query, options) => request('DELETE', path, { query, ...options }),
};

const FETCH_PAGE_SIZE = 500;
const FETCH_PAGES_AT_ONCE = 3;

/** Every row of a paginated list (or the array itself when the endpoint answers a plain array). */
export async function fetchAll(path, query = {}) {
  const first = await api.get(path, { ...query, page: 1, page_size: FETCH_PAGE_SIZE });
  if (Array.isArray(first)) return first;
  const pages = [first?.results || []];
  const count = Math.min(Number(first?.num_pages) || 1, 1000);
  if (!first?.has_next) return pages[0];
  if (count <= 1) {
    // A list that says there is more but not how much: one page after the other.
    for (let page = 2; page < 1000; page += 1) {
      const data = await api.get(path, { ...query, page, page_size: FETCH_PAGE_SIZE });
      pages.push(data?.results || []);
      if (!data?.has_next) break;
    }
    return pages.flat();
  }
  // The rest of the pages, FETCH_PAGES_AT_ONCE at a time, each put in its place: the services
  // answer pages side by side on several cores, which more than halves a 5,000-row table's load.
  let next = 2;
  const worker = async () => {
    while (next <= count) {
      const page = next;
      next += 1;
      const data = await api.get(path, { ...query, page, page_size: FETCH_PAGE_SIZE });
      pages[page - 1] = data?.results || [];
    }
  };
  await Promise.all(Array.from({ length: Math.min(FETCH_PAGES_AT_ONCE, count - 1) }, worker));
  return pages.flat();
}

function text(value) {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(text).join(' ');
  if (typeof value === 'object') return Object.values(value).map(text).join(' ');
  return String(value);
}

/** The conflict of one failing item of a bulk save (see conflictsOf), or null. */
function conflictOfDetail(detail, itemKey) {
  const errors = detail?.errors || {};
  const name = detail?.[itemKey] ?? detail?.name ?? '';
  if (errors.current_version !== undefined || (errors.version && errors.last_modified_at !== undefined)) {
    return {
      name,
      message: text(errors.version),
      currentVersion: errors.current_version ?? null,
      lastModifiedBy: errors.last_modified_by ?? null,
      lastModifiedAt: errors.last_modified_at ?? null,
      deleted: false,
    };
  }
  if (errors.id) {
    return { name, message: text(errors.id), currentVersion: null, lastModifiedBy: null, lastModifiedAt: null, deleted: true };
  }
  return null;
}

/**
 * The version conflicts in an error, normalised:
 * [{name, message, currentVersion, lastModifiedBy, lastModifiedAt, deleted}], or null when the
 * error is not a version conflict. Understands the bulk-save body (details[].errors.version or
 * details[].errors.id for a record deleted meanwhile) and the single-record body
 * ({"error":"Conflict", message, current_version, last_modified_by, last_modified_at}).
 */
export function conflictsOf(error, itemKey) {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const body = error.body;
  if (Array.isArray(body.details)) {
    const found = body.details.map((detail) => conflictOfDetail(detail, itemKey)).filter(Boolean);
    return found.length ? found : null;
  }
  if (body.current_version !== undefined) {
    return [{
      name: '',
      message: text(body.message || body.error),
      currentVersion: body.current_version,
      lastModifiedBy: body.last_modified_by ?? null,
      lastModifiedAt: body.last_modified_at ?? null,
      deleted: false,
    }];
  }
  return null;
}

/**
 * Field errors of a single-record 400: {field: message}, from the one shape every service uses,
 * {"error": "...", "errors": {field: message}}.
 */
export function fieldErrorsOf(error) {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const errors = error.body?.errors;
  if (!errors || typeof errors !== 'object' || Array.isArray(errors)) return {};
  return Object.fromEntries(Object.entries(errors).map(([key, value]) => [key, text(value)]));
}

/**
 * 'name' when a message-only error (400, or the duplicate-name 409) is about the record's name,
 * e.g. "A project with that name already exists for this customer."; else null.
 */
export function nameErrorField(error) {
  if (!(error instanceof ApiError) || ![400, 409].includes(error.status) || conflictsOf(error)) return null;
  return /\bname\b/i.test(error.message) ? 'name' : null;
}

/**
 * Every failing item of a bulk save 400/409, in the order answered:
 * [{name, errors:{field: message}, conflict: (as conflictsOf) or null}].
 */
export function failedItemsOf(error, itemKey) {
  if (!(error instanceof ApiError) || !Array.isArray(error.body?.details)) return [];
  const conflicts = error.status === 409;
  return itemErrorsOf(error, itemKey).map((item, i) => ({
    ...item, conflict: conflicts ? conflictOfDetail(error.body.details[i], itemKey) : null,
  }));
}

/** Per-item field errors of a bulk save 400/409: [{name, errors:{field: message}}]. */
export function itemErrorsOf(error, itemKey) {
  if (!(error instanceof ApiError) || !Array.isArray(error.body?.details)) return [];
  return error.body.details.map((detail) => {
    const errors = {};
    for (const [key, value] of Object.entries(detail?.errors || {})) errors[key] = text(value);
    return { name: detail?.[itemKey] ?? detail?.name ?? '', errors };
  });
}
