// Shared functions of the offline ops checks (tests/ops/check.sh).
import { readFileSync, writeFileSync, mkdtempSync, symlinkSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const TESTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const NODE_MODULES = join(TESTS_DIR, 'node_modules');

/** Every non-empty YAML document of a file as {file, index, obj}; throws on a parse error. */
export function loadYamlDocs(file) {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { merge: true });
  const out = [];
  docs.forEach((doc, index) => {
    if (doc.errors.length) throw new Error(`${file} document ${index}: ${doc.errors[0].message}`);
    const obj = doc.toJS();
    if (obj !== null && obj !== undefined) out.push({ file, index, obj });
  });
  return out;
}

export function describe(obj) {
  return `${obj?.kind ?? '?'}/${obj?.metadata?.name ?? '?'}`;
}

/**
 * Type-checks generated TypeScript with tsc --strict in a temporary directory that sees
 * tests/node_modules. `units` is [{label, code}]; errors are reported against their label.
 * Returns {ok, messages}.
 */
export function typeCheck(header, units) {
  const dir = mkdtempSync(join(tmpdir(), 'sanplane-tsc-'));
  symlinkSync(NODE_MODULES, join(dir, 'node_modules'));
  const lines = header.split('\n');
  const ranges = [];
  for (const u of units) {
    const start = lines.length + 1;
    lines.push(...u.code.split('\n'));
    ranges.push({ start, end: lines.length, label: u.label });
  }
  writeFileSync(join(dir, 'check.ts'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, skipLibCheck: true, target: 'es2022', module: 'esnext',
      moduleResolution: 'bundler', types: [],
    },
    files: ['check.ts'],
  }));
  const tsc = join(NODE_MODULES, 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', '.'], { cwd: dir, encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  const messages = [];
  for (const line of (r.stdout + r.stderr).split('\n')) {
    const m = /^check\.ts\((\d+),(\d+)\): (.*)$/.exec(line);
    if (m) {
      const n = Number(m[1]);
      const unit = ranges.find((x) => n >= x.start && n <= x.end);
      messages.push(`${unit ? unit.label : 'header'} (line ${n - (unit ? unit.start - 1 : 0)}): ${m[3]}`);
    } else if (line.trim()) {
      messages.push(line);
    }
  }
  return { ok: r.status === 0, messages };
}

export function fail(messages) {
  for (const m of messages) console.error(`  ${m}`);
  process.exit(1);
}
