// Resident memory of processes from /proc/<pid>/smaps_rollup, for the benchmarks: what each
// binary holds, split into its own pages and the pages it shares with other processes (the shared
// libraries every binary maps: gRPC, protobuf, OpenSSL, libpq, libstdc++ ...).
import { readFileSync } from 'node:fs';

const MIB = 1024; // smaps_rollup counts kB

/**
 * The memory of `pid` in MiB: rss (what `VmRSS` says), pss (each shared page divided by the
 * number of processes that map it: what the process adds to the machine), private (pages no other
 * process maps), shared (resident pages another process maps too) and anonymous (heap and stacks).
 */
export function memoryOf(pid) {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kB = (field) => Number(text.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
  return {
    rss: kB('Rss') / MIB,
    pss: kB('Pss') / MIB,
    private: (kB('Private_Clean') + kB('Private_Dirty')) / MIB,
    shared: (kB('Shared_Clean') + kB('Shared_Dirty')) / MIB,
    anonymous: kB('Anonymous') / MIB,
  };
}

/** The sum of several memoryOf answers, field by field. */
export function sumMemory(memories) {
  const total = { rss: 0, pss: 0, private: 0, shared: 0, anonymous: 0 };
  for (const memory of memories) for (const key of Object.keys(total)) total[key] += memory[key];
  return total;
}
