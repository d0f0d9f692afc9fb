// A client that is not part of sanplane calls the storage service's gRPC API directly, with
// nothing but the repository's .proto files: the protos are the contract between services.
// It builds the principal metadata itself (a serialized sanplane.common.v1.Principal, signed as
// the gateway signs it with the key the stack shares), reads typed error details from the status
// details, and asks the standard health service. A principal it makes up without the key (what
// any pod that reaches the port could send) is refused.
//
// SANPLANE_STORAGE_GRPC_ADDR=host:port (with SANPLANE_PRINCIPAL_KEY) runs the checks against an
// already running storage service instead of a private stack.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import grpc from '@grpc/grpc-js';
import { startStack } from './stack.mjs';
import { loadRoot, grpcPackages, signPrincipal as sign } from './grpc_client.mjs';

const root = loadRoot(['sanplane/storage/v1/storage.proto', 'grpc/health/v1/health.proto']);
const packages = grpcPackages(root);
const Principal = root.lookupType('sanplane.common.v1.Principal');
const ErrorDetails = root.lookupType('sanplane.common.v1.ErrorDetails');

let stack;
let storage;
let health;

// Customers that exist only in the principals below: the storage service takes the caller's
// customers from the principal and never asks identity.
const CUSTOMER_A = 9101;
const CUSTOMER_B = 9102;
const dora = { user_id: 501, username: 'dora', is_superuser: false, customer_ids: [CUSTOMER_A] };
const emil = { user_id: 502, username: 'emil', is_superuser: false, customer_ids: [CUSTOMER_A] };
const olga = { user_id: 503, username: 'olga', is_superuser: false, customer_ids: [CUSTOMER_B] };

let principalKey = process.env.SANPLANE_PRINCIPAL_KEY;

// options.key: sign with this key instead of the stack's; null: send no signature.
// options.expiresIn: seconds from now (default 60).
function metadataFor(principal, { key = principalKey, expiresIn = 60 } = {}) {
  const metadata = new grpc.Metadata();
  const requestId = `grpc-client-test-${Date.now()}`;
  metadata.add('x-request-id', requestId);
  if (principal) {
    const bytes = Buffer.from(Principal.encode(Principal.fromObject(principal)).finish());
    metadata.add('x-sanplane-principal-bin', bytes);
    if (key !== null) {
      const expiry = Math.floor(Date.now() / 1000) + expiresIn;
      metadata.add('x-sanplane-principal-sig-bin', sign(key, bytes, requestId, expiry));
    }
  }
  return metadata;
}

// Promise wrapper: resolves {response} or {error} (a grpc ServiceError).
function call(client, method, request, principal, signing) {
  return new Promise((resolve) => {
    client[method](request, metadataFor(principal, signing), { deadline: Date.now() + 5000 },
      (error, response) => resolve(error ? { error } : { response }));
  });
}

// What went wrong, in typed fields: the sanplane.common.v1.ErrorDetails every status carries.
function errorDetails(error) {
  const [details] = error.metadata.get('grpc-status-details-bin');
  assert.ok(details, 'the status carries details');
  return ErrorDetails.toObject(ErrorDetails.decode(details), { longs: Number, oneofs: true });
}

function valueToJson(value) {
  if ('nullValue' in value || 'null_value' in value) return null;
  if ('numberValue' in value) return value.numberValue;
  if ('number_value' in value) return value.number_value;
  if ('stringValue' in value) return value.stringValue;
  if ('string_value' in value) return value.string_value;
  if ('boolValue' in value) return value.boolValue;
  if ('bool_value' in value) return value.bool_value;
  if ('structValue' in value || 'struct_value' in value) return structToJson(value.structValue ?? value.struct_value);
  const list = value.listValue ?? value.list_value;
  return (list.values ?? []).map(valueToJson);
}

function structToJson(struct) {
  return Object.fromEntries(Object.entries(struct.fields ?? {}).map(([k, v]) => [k, valueToJson(v)]));
}

before(async () => {
  let address = process.env.SANPLANE_STORAGE_GRPC_ADDR;
  if (!address) {
    stack = await startStack({ services: ['storage'] });
    address = stack.grpcAddr('storage');
    principalKey = stack.principalKey;
  }
  const credentials = grpc.credentials.createInsecure();
  storage = new packages.sanplane.storage.v1.Storage(address, credentials);
  health = new packages.grpc.health.v1.Health(address, credentials);
});

after(async () => {
  storage?.close();
  health?.close();
  await stack?.stop();
});

test('the standard health service reports SERVING', async () => {
  const overall = await call(health, 'Check', { service: '' });
  assert.equal(overall.error, undefined);
  assert.equal(overall.response.status, 'SERVING');
});

test('a call without a principal is UNAUTHENTICATED', async () => {
  const { error } = await call(storage, 'ListStorage', {}, null);
  assert.equal(error.code, grpc.status.UNAUTHENTICATED);
});

test('a principal not signed with the shared key is UNAUTHENTICATED, whatever it claims', async () => {
  const mallory = { user_id: 666, username: 'mallory', is_superuser: true, customer_ids: [] };
  const unsigned = await call(storage, 'ListStorage', {}, mallory, { key: null });
  assert.equal(unsigned.error?.code, grpc.status.UNAUTHENTICATED);
  assert.match(unsigned.error.details, /not signed/);

  const forged = await call(storage, 'ListStorage', {}, mallory, { key: 'a key of its own making, not the cluster key' });
  assert.equal(forged.error?.code, grpc.status.UNAUTHENTICATED);
  assert.match(forged.error.details, /unknown key/);

  const expired = await call(storage, 'ListStorage', {}, mallory, { expiresIn: -1 });
  assert.equal(expired.error?.code, grpc.status.UNAUTHENTICATED);
  assert.match(expired.error.details, /expired/);

  // The same principal signed with the key is believed: the refusals above are the signature's.
  const signed = await call(storage, 'ListStorage', {}, mallory);
  assert.equal(signed.error, undefined, signed.error?.details);
});

test('create, list and get a storage system as a member of its customer', async () => {
  const name = `grpc-array-${Date.now()}`;
  const created = await call(storage, 'CreateStorage', {
    customer: CUSTOMER_A,
    name,
    storage_type: 'FlashSystem',
    vendor: 'IBM',
    capacity_bytes: 1099511627776,
    wwnn: '5005076810000001',
    // Struct comes from protobufjs' bundled well-known types, whose field names are camelCase.
    attributes: { fields: { pools_count: { numberValue: 2 }, topology: { stringValue: 'standard' } } },
  }, dora);
  assert.equal(created.error, undefined, created.error?.details);
  const system = created.response;
  assert.equal(system.name, name);
  assert.equal(system.customer, CUSTOMER_A);
  assert.equal(system.version, 0);
  assert.equal(system.last_modified_by, 'dora');
  assert.equal(system.wwnn, '50:05:07:68:10:00:00:01');
  assert.equal(system.capacity_bytes, 1099511627776);
  assert.deepEqual(structToJson(system.attributes), { pools_count: 2, topology: 'standard' });

  const listed = await call(storage, 'ListStorage', { customer: CUSTOMER_A, search: name }, emil);
  assert.equal(listed.error, undefined);
  assert.equal(listed.response.count, 1);
  assert.equal(listed.response.results[0].id, system.id);
  assert.equal(listed.response.current_page, 1);

  const fetched = await call(storage, 'GetStorage', { id: system.id }, emil);
  assert.equal(fetched.error, undefined);
  assert.equal(fetched.response.name, name);
  assert.equal(fetched.response.storage_type, 'FlashSystem');
});

test('another customer\'s storage system does not exist for the caller', async () => {
  const created = await call(storage, 'CreateStorage', {
    customer: CUSTOMER_A, name: `hidden-${Date.now()}`, storage_type: 'DS8000',
  }, dora);
  assert.equal(created.error, undefined);

  const fetched = await call(storage, 'GetStorage', { id: created.response.id }, olga);
  assert.equal(fetched.error.code, grpc.status.NOT_FOUND);

  const listed = await call(storage, 'ListStorage', {}, olga);
  assert.equal(listed.error, undefined);
  assert.ok(listed.response.results.every((s) => s.customer === CUSTOMER_B));

  const filtered = await call(storage, 'ListStorage', { customer: CUSTOMER_A }, olga);
  assert.equal(filtered.error.code, grpc.status.NOT_FOUND);
});

test('a stale version is ABORTED with the conflict in the status details', async () => {
  const created = await call(storage, 'CreateStorage', {
    customer: CUSTOMER_A, name: `cas-${Date.now()}`, storage_type: 'Switch',
  }, dora);
  const { id } = created.response;

  const first = await call(storage, 'UpdateStorage', {
    id, version: 0, partial: true, location: 'Row 3',
  }, dora);
  assert.equal(first.error, undefined);
  assert.equal(first.response.version, 1);

  const stale = await call(storage, 'UpdateStorage', {
    id, version: 0, partial: true, location: 'Row 9',
  }, emil);
  assert.equal(stale.error.code, grpc.status.ABORTED);
  const conflict = errorDetails(stale.error);
  assert.equal(conflict.detail, 'version_conflict');
  const { entity, current_version, last_modified_by, last_modified_at: modifiedAt } = conflict.version_conflict;
  assert.deepEqual({ entity, current_version, last_modified_by },
    { entity: 'storage system', current_version: 1, last_modified_by: 'dora' });
  const modifiedMs = modifiedAt.seconds * 1000 + Math.floor((modifiedAt.nanos ?? 0) / 1e6);
  assert.ok(Math.abs(Date.now() - modifiedMs) < 60_000, `modified just now: ${JSON.stringify(modifiedAt)}`);
  assert.match(stale.error.details, /storage system was modified by dora/);

  const missing = await call(storage, 'UpdateStorage', { id, partial: true, location: 'x' }, emil);
  assert.equal(missing.error.code, grpc.status.FAILED_PRECONDITION);
  assert.equal(errorDetails(missing.error).detail, 'version_required');

  const after = await call(storage, 'GetStorage', { id }, dora);
  assert.equal(after.response.location, 'Row 3');
  assert.equal(after.response.version, 1);
});

test('hosts and volumes of an import are readable, and GetHost carries the customer', async () => {
  const created = await call(storage, 'CreateStorage', {
    customer: CUSTOMER_A, name: `import-${Date.now()}`, storage_type: 'FlashSystem',
  }, dora);
  const { id } = created.response;
  const suffix = Date.now();
  const imported = await call(storage, 'ImportStorage', {
    id,
    hosts: [{ name: 'esx01', host_type: 'VMware', wwpns: ['10000090FA000001', '10-00-00-90-FA-00-00-02'] }],
    volumes: [{ name: 'vol01', volume_id: '0001', unique_id: `G${suffix}_0001`, capacity_bytes: 1024 }],
  }, dora);
  assert.equal(imported.error, undefined, imported.error?.details);
  assert.deepEqual(imported.response.hosts, { created: 1, updated: 0, unchanged: 0 });
  assert.deepEqual(imported.response.volumes, { created: 1, updated: 0, unchanged: 0 });

  const hosts = await call(storage, 'ListHosts', { storage_id: id }, emil);
  assert.equal(hosts.response.count, 1);
  const host = hosts.response.results[0];
  assert.deepEqual(host.wwpns, ['10:00:00:90:fa:00:00:01', '10:00:00:90:fa:00:00:02']);

  const fetched = await call(storage, 'GetHost', { id: host.id }, emil);
  assert.equal(fetched.response.customer, CUSTOMER_A);
  assert.equal(fetched.response.storage, id);
  const hidden = await call(storage, 'GetHost', { id: host.id }, olga);
  assert.equal(hidden.error.code, grpc.status.NOT_FOUND);

  const volumes = await call(storage, 'ListVolumes', { storage_id: id }, emil);
  assert.equal(volumes.response.count, 1);
  const volume = await call(storage, 'GetVolume', { id: volumes.response.results[0].id }, emil);
  assert.equal(volume.response.unique_id, `G${suffix}_0001`);
  assert.equal(volume.response.capacity_bytes, 1024);
});
