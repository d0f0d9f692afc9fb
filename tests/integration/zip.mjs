// Reading a zip archive the way a user's tools do: Python's zipfile, after its CRC check.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The entries of a zip archive: {bad: the first entry whose CRC fails, or null; files: {name: text}}. */
export function unzip(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'sanplane-zip-'));
  try {
    const file = join(dir, 'scripts.zip');
    writeFileSync(file, bytes);
    const script = 'import json, sys, zipfile\n'
      + 'z = zipfile.ZipFile(sys.argv[1])\n'
      + 'bad = z.testzip()\n'
      + 'print(json.dumps({"bad": bad, "files": {n: z.read(n).decode() for n in z.namelist()}}))\n';
    return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
