// The OpenAPI description at /api/openapi.json: served to anyone with an ETag, and the response
// validator every Client uses rejects what it does not describe (so a drifting answer fails the
// test that received it). Needs only the gateway binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startGatewayAlone } from '../openapi/gateway_alone.mjs';
import { ResponseValidator } from '../openapi/response_validator.mjs';
import { Client } from './client.mjs';

let gateway;
let document;
let text;

before(async () => {
  gateway = await startGatewayAlone();
  const res = await fetch(`${gateway.url}/api/openapi.json`);
  assert.equal(res.status, 200);
  text = await res.text();
  document = JSON.parse(text);
});

after(async () => {
  await gateway?.stop();
});

const fabric = () => ({
  id: 1, customer: 1, name: 'FAB_A', zoneset_name: 'zs_a', san_vendor: 'BR', vsan: null, domain_id: null,
  exists: false, notes: '', version: 0, last_modified_by: null, last_modified_at: null,
  zoning_mode: 'enhanced', smart_zoning: false, fos_name_rules: '8.1+',
});

test('the description is served to anyone, as JSON, and revalidates by ETag', async () => {
  const res = await fetch(`${gateway.url}/api/openapi.json`);
  assert.equal(res.headers.get('content-type'), 'application/json');
  const etag = res.headers.get('etag');
  assert.match(etag, /^"\d+"$/);
  assert.equal(document.openapi, '3.1.0');
  const again = await fetch(`${gateway.url}/api/openapi.json`, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), '');
  const head = await fetch(`${gateway.url}/api/openapi.json`, { method: 'HEAD' });
  assert.equal(Number(head.headers.get('content-length')), Buffer.byteLength(text));
});

test('the description has the endpoints of the API, with their access', () => {
  const login = document.paths['/api/auth/login/'].post;
  assert.deepEqual(login.security, []);
  assert.deepEqual(Object.keys(login.responses['200'].content['application/json'].schema.properties), ['user', 'message']);
  assert.deepEqual(document.paths['/api/san/zones/save/'].post.security, [{ session: [], csrf: [] }]);
  assert.deepEqual(document.paths['/api/storage/hosts/{id}/'].get.security, [{ session: [] }]);
  assert.ok(document.paths['/api/core/projects/detail/{id}/'].get.responses['200'].headers.ETag);
  assert.deepEqual(document.tags.map((t) => t.name), ['identity', 'presence', 'events', 'san', 'storage']);
  const events = document.paths['/api/events/'].get;
  assert.deepEqual(events.security, [{ session: [] }]);
  assert.deepEqual(Object.keys(events.responses['200'].content), ['text/event-stream']);
  assert.deepEqual(events.parameters.map((p) => [p.in, p.name]), [['header', 'Last-Event-ID']]);
});

test('the validator accepts an answer the description allows', () => {
  const validator = new ResponseValidator(document);
  validator.check('GET', '/api/san/fabrics/7/', 200, fabric());
  validator.check('GET', '/api/san/fabrics/7/?x=1', 200, { ...fabric(), last_modified_by: 'alice', last_modified_at: '2025-10-23T12:30:00.123456Z' });
  validator.check('GET', '/api/core/projects/3/', 200, [{ id: 1, name: 'Datacenter refresh 2026' }]);
  validator.check('DELETE', '/api/san/zones/delete/1/', 428,
    { error: 'Precondition Required', message: 'Send the version you loaded (field version or header If-Match).' });
  validator.check('POST', '/api/storage/3/import/', 400, { error: 'Import rejected', details: ['host "a": bad WWPN'] });
  validator.check('GET', '/api/no-such-thing/', 404, { error: 'Not found.' });
  validator.check('HEAD', '/api/san/fabrics/7/', 200, null);
  validator.check('GET', '/healthz', 200, { status: 'ok' });  // outside the API: not described
});

test('the validator rejects an answer the description does not allow', () => {
  const validator = new ResponseValidator(document);
  const rejects = (method, path, status, body, pattern) =>
    assert.throws(() => validator.check(method, path, status, body), pattern);
  rejects('GET', '/api/san/fabrics/7/', 200, { ...fabric(), version: '5' }, /body\/version must be integer/);
  const withoutNotes = fabric();
  delete withoutNotes.notes;
  rejects('GET', '/api/san/fabrics/7/', 200, withoutNotes, /must have required property 'notes'/);
  rejects('GET', '/api/san/fabrics/7/', 200, { ...fabric(), extra: 1 }, /must NOT have additional properties/);
  rejects('GET', '/api/san/fabrics/7/', 200, { ...fabric(), last_modified_at: 'yesterday' }, /must match format "date-time"/);
  rejects('GET', '/api/san/fabrics/7/', 200, { ...fabric(), vsan: 2 ** 31 }, /must match format "int32"/);
  // A success status the operation does not answer with meets the error schema, which needs "error".
  rejects('GET', '/api/san/fabrics/7/', 201, fabric(), /must have required property 'error'/);
  rejects('GET', '/api/core/projects/3/', 200, { projects: [] }, /must be array/);
  rejects('DELETE', '/api/san/zones/delete/1/', 428, { error: 'Precondition Required' }, /required property 'message'/);
  rejects('GET', '/api/no-such-thing/', 404, 'Not found', /must be object/);
});

test('a Client fails the request whose answer does not match the description', async () => {
  // A stand-in gateway: the real description, and a fabric whose version is a string.
  const server = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(req.url === '/api/openapi.json' ? text : JSON.stringify({ ...fabric(), version: '5' }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = new Client(`http://127.0.0.1:${server.address().port}`);
    await assert.rejects(client.get('/api/san/fabrics/1/'), /GET \/api\/san\/fabrics\/1\/ answered 200 with a body its OpenAPI description does not allow/);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
