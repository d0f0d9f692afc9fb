// Unit tests of the web UI's pure helpers (no browser, no stack): conflict and field-error
// parsing of the API's error bodies, time formatting, and reading the OpenAPI description.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, conflictsOf, fieldErrorsOf, itemErrorsOf } from '../../gateway/web/js/api.js';
import { changedByOtherRecently, formatBytes, timeAgo } from '../../gateway/web/js/format.js';
import { operationsByTag, typeText } from '../../gateway/web/js/openapi.js';

test('bulk-save conflict body (seed shape) becomes one conflict per failing item', () => {
  const error = new ApiError(409, {
    error: 'Some zones could not be saved.',
    details: [
      { zone: 'Zone_A', errors: { version: 'Conflict: This zone was modified by john at 2025-10-23 12:30:00. Please refresh and try again.', current_version: 6, last_modified_by: 'john', last_modified_at: '2025-10-23T12:30:00Z' } },
      { zone: 'Zone_B', errors: { id: 'This zone no longer exists (it was deleted by another user). Please refresh.' } },
      { zone: 'Zone_C', errors: { name: 'already exists' } },
    ],
  });
  const conflicts = conflictsOf(error, 'zone');
  assert.equal(conflicts.length, 2);
  assert.deepEqual(conflicts[0], {
    name: 'Zone_A',
    message: 'Conflict: This zone was modified by john at 2025-10-23 12:30:00. Please refresh and try again.',
    currentVersion: 6,
    lastModifiedBy: 'john',
    lastModifiedAt: '2025-10-23T12:30:00Z',
    deleted: false,
  });
  assert.equal(conflicts[1].deleted, true);
  assert.deepEqual(itemErrorsOf(error, 'zone')[2], { name: 'Zone_C', errors: { name: 'already exists' } });
});

test('storage conflict body and non-conflicts', () => {
  const storage = new ApiError(409, {
    error: 'Conflict', message: 'This storage system was modified by bob. Please reload and try again.',
    current_version: 7, last_modified_by: 'bob', last_modified_at: '2025-10-23T16:45:00Z',
  });
  const [conflict] = conflictsOf(storage, 'storage system');
  assert.equal(conflict.currentVersion, 7);
  assert.equal(conflict.lastModifiedBy, 'bob');
  assert.equal(storage.message, 'Conflict: This storage system was modified by bob. Please reload and try again.');
  assert.equal(conflictsOf(new ApiError(409, { error: 'A fabric with this name already exists.' }), 'fabric'), null);
  // A missing version is a 400, not a conflict.
  const missing = new ApiError(400, { error: 'Some zones could not be saved.', details: [{ zone: 'Z', errors: { version: 'The current version is required to update a zone.' } }] });
  assert.equal(conflictsOf(missing, 'zone'), null);
});

test('single-record field errors', () => {
  assert.deepEqual(fieldErrorsOf(new ApiError(400, { error: 'Invalid input', errors: { name: ['This field is required.'] } })), { name: 'This field is required.' });
  // Field errors are read from "errors" only, the one shape every service answers.
  assert.deepEqual(fieldErrorsOf(new ApiError(400, { error: 'Invalid input', vsan: 'must be an integer' })), {});
  assert.deepEqual(fieldErrorsOf(new ApiError(409, { error: 'x', errors: { name: 'y' } })), {});
});

test('relative times, recent changes and sizes', () => {
  const now = Date.parse('2025-10-23T12:32:00Z');
  assert.equal(timeAgo('2025-10-23T12:30:00Z', now), '2 minutes ago');
  assert.equal(timeAgo('2025-10-23T12:31:58.5Z', now), 'just now');
  assert.equal(timeAgo('2025-10-23T09:31:00Z', now), '3 hours ago');
  const record = { last_modified_by: 'john', last_modified_at: '2025-10-23T12:28:00Z' };
  assert.equal(changedByOtherRecently(record, 'mary', now), true);
  assert.equal(changedByOtherRecently(record, 'john', now), false);
  assert.equal(changedByOtherRecently({ ...record, last_modified_at: '2025-10-23T12:26:00Z' }, 'mary', now), false);
  assert.equal(formatBytes(109951162777600), '100.0 TiB');
});

test('the API page reads operations by tag and short schema types', () => {
  const description = {
    tags: [{ name: 'san', description: 'SAN' }, { name: 'storage', description: 'Storage' }],
    paths: {
      '/api/san/fabrics/': { get: { tags: ['san'], summary: 'List fabrics' }, post: { tags: ['san'], summary: 'Create fabric' } },
      '/api/storage/{id}/': { delete: { tags: ['storage'], summary: 'Delete storage' } },
      '/api/misc/': { get: { summary: 'Untagged' } },
    },
  };
  const groups = operationsByTag(description);
  assert.deepEqual(groups.map((g) => [g.tag, g.operations.map((o) => `${o.method} ${o.path}`)]), [
    ['san', ['get /api/san/fabrics/', 'post /api/san/fabrics/']],
    ['storage', ['delete /api/storage/{id}/']],
    ['other', ['get /api/misc/']],
  ]);
  assert.equal(typeText({ type: 'integer', format: 'int64' }), 'integer (int64)');
  assert.equal(typeText({ type: ['string', 'null'] }), 'string | null');
  assert.equal(typeText({ type: 'array', items: { $ref: '#/components/schemas/Fabric' } }), 'Fabric[]');
  assert.equal(typeText({ anyOf: [{ $ref: '#/components/schemas/NamedRef' }, { type: 'null' }] }), 'NamedRef | null');
  assert.equal(typeText({ const: 'Conflict' }), '"Conflict"');
});
