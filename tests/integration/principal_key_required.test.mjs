// No binary runs without the key that signs (gateway) or verifies (services) the caller's
// identity: each refuses to start, naming the setting and how to make a key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { binaryPath } from './stack.mjs';

for (const name of ['gateway', 'identity', 'presence', 'san', 'storage']) {
  test(`${name} refuses to start without SANPLANE_PRINCIPAL_KEY, or with a short one`, { skip: !existsSync(binaryPath(name)) }, () => {
    for (const key of [undefined, 'too-short']) {
      const env = { PATH: process.env.PATH, SANPLANE_PG_DSN: 'host=127.0.0.1 port=1' };
      if (key) env.SANPLANE_PRINCIPAL_KEY = key;
      const run = spawnSync(binaryPath(name), [], { env, encoding: 'utf8', timeout: 10000 });
      assert.equal(run.status, 2, `${name} exit status: ${run.stderr}`);
      assert.match(run.stderr, key ? /principal-key must be at least 32 bytes/ : /principal-key is required/);
    }
  });
}
