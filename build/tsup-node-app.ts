// Build settings shared by the Node apps: bundle the workspace's own TypeScript packages, leave npm packages
// external (PGlite loads its wasm files from beside its own module, so it must stay in node_modules).
import type { Options } from "tsup";

export function nodeAppConfig(entry: string[]): Options {
  return {
    entry,
    format: "esm",
    platform: "node",
    target: "node20",
    outDir: "dist",
    clean: true,
    sourcemap: true,
    splitting: false,
    // tsup leaves every listed dependency external on its own; our packages are TypeScript source and must
    // be bundled in.
    noExternal: [/^@playbook\//],
    esbuildPlugins: [
      {
        name: "external-npm-packages",
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith("@playbook/") ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  };
}
