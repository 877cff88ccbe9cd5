// Preloaded into the process `npm start` runs (NODE_OPTIONS=--import …) by bench/embedded-start.ts. On SIGUSR2 it
// writes the process's own view of its memory to PLAYBOOK_BENCH_PROBE_FILE; it does nothing else, and nothing at
// all in any other process (npm, turbo's build) that inherits NODE_OPTIONS. Plain JavaScript: the measured process
// runs the built dist without tsx, and a TypeScript loader would change the very memory being measured.
/* global WebAssembly */
import { writeFileSync } from "node:fs";
import process from "node:process";
import v8 from "node:v8";

const file = process.env.PLAYBOOK_BENCH_PROBE_FILE;
if (file && /standalone\.js$/.test(process.argv[1] ?? "")) {
  // PGlite's PostgreSQL runs in a WebAssembly memory that no Node counter reports: keep a weak handle on every one
  // made, to read its size. A subclass is still a WebAssembly.Memory to everything that checks.
  const memories = [];
  const Memory = WebAssembly.Memory;
  WebAssembly.Memory = class TrackedMemory extends Memory {
    constructor(descriptor) {
      super(descriptor);
      memories.push(new WeakRef(this));
    }
  };
  process.on("SIGUSR2", () => {
    const spaces = Object.fromEntries(
      v8.getHeapSpaceStatistics().map((space) => [space.space_name, space.space_used_size]),
    );
    writeFileSync(
      file,
      JSON.stringify({
        at: Date.now(),
        memory: process.memoryUsage(),
        heap: v8.getHeapStatistics(),
        spaces,
        wasmMemoryBytes: memories.map((ref) => ref.deref()?.buffer.byteLength ?? 0),
      }),
    );
  });
}
