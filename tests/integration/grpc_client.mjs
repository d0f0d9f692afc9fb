// What a client that is not part of sanplane needs to call a service's gRPC API directly with
// nothing but the repository's .proto files: the protos loaded into one protobufjs root (gRPC
// stubs, the Principal put into the metadata and the ErrorDetails read from failed calls all come
// from it), and the principal's signature made as the gateway makes it.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHmac } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { repoRoot } from './stack.mjs';

const require = createRequire(import.meta.url);
const protobuf = require('protobufjs');

const includeDirs = [
  join(repoRoot, 'proto'),
  '/usr/share/grpc-proto',
  dirname(require.resolve('protobufjs/package.json')), // google/protobuf/*.proto of protobufjs
];

/** One protobufjs root of `files` (paths under proto/ or the gRPC protos) and what they import. */
export function loadRoot(files) {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    for (const dir of includeDirs) {
      const candidate = join(dir, target);
      if (existsSync(candidate)) return candidate;
    }
    return target; // well-known types bundled with protobufjs
  };
  root.loadSync(files, { keepCase: true });
  return root;
}

/** The gRPC service constructors of `root`, by package (packages.sanplane.storage.v1.Storage). */
export function grpcPackages(root) {
  return grpc.loadPackageDefinition(
    protoLoader.fromJSON(root.toJSON(), { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true }),
  );
}

const u32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const u64 = (n) => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; };
const hmac = (key, ...parts) => createHmac('sha256', key).update(Buffer.concat(parts)).digest();

/**
 * x-sanplane-principal-sig-bin as services/common/common/principal_signature.cpp defines it:
 * version 1, expiry (Unix seconds), key id, HMAC-SHA256 over the length-prefixed principal bytes,
 * request id and expiry.
 */
export function signPrincipal(key, bytes, requestId, expirySeconds) {
  const keyId = hmac(key, Buffer.from('sanplane principal key id')).subarray(0, 8);
  const message = [Buffer.from('sanplane-principal'), Buffer.from([1]), u32(bytes.length), bytes,
    u32(Buffer.byteLength(requestId)), Buffer.from(requestId), u64(expirySeconds)];
  return Buffer.concat([Buffer.from([1]), u64(expirySeconds), keyId, hmac(key, ...message)]);
}
