// A REST client that behaves like a browser towards the gateway: it keeps cookies and sends the
// CSRF header on unsafe requests. Every answer is checked against the OpenAPI description the
// gateway serves: one it does not describe throws, failing the test that received it.
import { validatorFor } from '../openapi/response_validator.mjs';

export class Client {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.cookies = new Map();
    this.sendCsrf = true;
  }

  async login(username, password) {
    const res = await this.post('/api/auth/login/', { username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }

  get(path, options) { return this.request('GET', path, undefined, options); }
  post(path, body, options) { return this.request('POST', path, body, options); }
  put(path, body, options) { return this.request('PUT', path, body, options); }
  patch(path, body, options) { return this.request('PATCH', path, body, options); }
  delete(path, options) { return this.request('DELETE', path, undefined, options); }

  /** options.headers: extra headers; options.raw: a string body sent as is. */
  async request(method, path, body, options = {}) {
    const headers = { ...(options.headers ?? {}) };
    if (this.cookies.size) {
      headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    if (this.sendCsrf && !['GET', 'HEAD'].includes(method) && this.cookies.has('csrftoken')) {
      headers['X-CSRFToken'] = this.cookies.get('csrftoken');
    }
    let payload;
    if (options.raw !== undefined) payload = options.raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/json';
    }
    // Loaded before the request, while the gateway surely answers (a test may stop it next).
    const validator = await validatorFor(this.baseUrl);
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const contentType = res.headers.get('content-type') ?? undefined;
    if (contentType?.startsWith('application/zip')) {
      const bytes = Buffer.from(await res.arrayBuffer());
      validator.check(method, path, res.status, bytes, contentType);
      return { status: res.status, body: bytes, headers: res.headers, text: null };
    }
    const text = await res.text();
    let parsed = text;
    if (!contentType || contentType.startsWith('application/json')) {
      try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    }
    validator.check(method, path, res.status, parsed, contentType);
    return { status: res.status, body: parsed, headers: res.headers, text };
  }
}
