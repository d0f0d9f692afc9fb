// CPU time of processes from /proc/<pid>/stat, for the hot-path benchmark: what each binary,
// Postgres (the postmaster and every backend) and Redis spent between two samples.
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of utime/stime (USER_HZ: 100 on every Linux this runs on). */
export const TICKS_PER_SECOND = 100;

/**
 * The fields of one /proc/<pid>/stat line that the benchmark needs. The command name (field 2)
 * is in parentheses and may itself hold spaces and parentheses, so the fields are counted from
 * the last ')'.
 */
export function parseStat(line) {
  const close = line.lastIndexOf(')');
  if (close < 0) throw new Error(`not a /proc stat line: ${line}`);
  const fields = line.slice(close + 2).trim().split(/\s+/);
  // fields[0] is field 3 (state): field n is fields[n - 3].
  const field = (n) => Number(fields[n - 3]);
  return {
    ppid: field(4),
    utime: field(14),
    stime: field(15),
    cutime: field(16),
    cstime: field(17),
  };
}

function statOf(pid) {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null; // exited since it was listed
  }
}

/** The CPU ticks of `pid` and of every child it has reaped (an exited Postgres backend). */
export function ticksWithReaped(pid) {
  const stat = statOf(pid);
  return stat ? stat.utime + stat.stime + stat.cutime + stat.cstime : 0;
}

/** The CPU ticks of `pid` itself. */
export function ticksOf(pid) {
  const stat = statOf(pid);
  return stat ? stat.utime + stat.stime : 0;
}

/** The pids whose parent is `parent` (a postmaster's backends and helpers). */
export function childrenOf(parent) {
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(entry);
    if (stat && stat.ppid === parent) children.push(Number(entry));
  }
  return children;
}

/** The postmaster running on `dataDir` (its command line names the folder after -D). */
export function postmasterOf(dataDir) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const d = args.indexOf('-D');
      if (d >= 0 && args[d + 1] === dataDir) return Number(entry);
    } catch { /* exited */ }
  }
  throw new Error(`no postmaster for ${dataDir}`);
}

/** Postgres as a whole: the postmaster, its reaped children and its live ones. */
export function postgresTicks(postmaster) {
  return ticksWithReaped(postmaster) + childrenOf(postmaster).reduce((sum, pid) => sum + ticksOf(pid), 0);
}
