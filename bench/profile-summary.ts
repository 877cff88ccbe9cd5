// The top of a V8 CPU profile as text: self time per function and per package or source folder, so a benchmark can
// print where its CPU went next to its figures.
import type { Profiler } from "node:inspector";

interface Entry {
  ms: number;
  share: number;
}

function where(url: string): string {
  if (url === "") return "(native)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return "node";
  const parts = url.split("/");
  return parts.slice(-3, -1).join("/");
}

/** Self time by function and by where the code lives, the `top` largest of each. */
export function summarizeProfile(profile: Profiler.Profile, top: number): string {
  const selfSamples = new Map<number, number>();
  for (const id of profile.samples ?? []) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
  const total = profile.samples?.length ?? 0;
  const msPerSample = total === 0 ? 0 : (profile.endTime - profile.startTime) / 1000 / total;
  const byFunction = new Map<string, Entry>();
  const byPlace = new Map<string, Entry>();
  const add = (map: Map<string, Entry>, key: string, samples: number) => {
    const entry = map.get(key) ?? { ms: 0, share: 0 };
    entry.ms += samples * msPerSample;
    entry.share += total === 0 ? 0 : samples / total;
    map.set(key, entry);
  };
  for (const node of profile.nodes) {
    const samples = selfSamples.get(node.id) ?? 0;
    if (samples === 0) continue;
    const frame = node.callFrame;
    const file = frame.url.split("/").pop() ?? "";
    add(
      byFunction,
      `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`,
      samples,
    );
    add(byPlace, where(frame.url), samples);
  }
  const lines = (map: Map<string, Entry>) =>
    [...map.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, top)
      .map(
        ([key, e]) =>
          `    ${(e.share * 100).toFixed(1).padStart(5)}%  ${e.ms.toFixed(0).padStart(6)} ms  ${key}`,
      )
      .join("\n");
  return `  self time by function:\n${lines(byFunction)}\n  self time by package or folder:\n${lines(byPlace)}`;
}
