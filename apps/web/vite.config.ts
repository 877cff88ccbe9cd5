import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

// In development the dashboard runs on Vite and forwards API traffic to the API server on port 3000;
// in production the API server serves the built `dist/` itself, so everything stays same-origin.
const apiServer = "http://localhost:3000";

const compressible = /\.(js|css|html|svg|json)$/;

/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside every built script, style sheet and page, once at build time:
 * the API server sends the copy the browser accepts (serveStatic's `precompressed`), so no request pays for
 * compressing and the dashboard travels at about a quarter of its size.
 */
function precompress(): Plugin {
  let outDir = "dist";
  return {
    name: "playbook-precompress",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true })).filter((file) =>
        compressible.test(file),
      );
      await Promise.all(
        files.map(async (file) => {
          const full = path.join(outDir, file);
          const content = await readFile(full);
          const [br, gz] = await Promise.all([
            promisify(brotliCompress)(content, {
              params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
            }),
            promisify(gzip)(content, { level: 9 }),
          ]);
          await Promise.all([writeFile(`${full}.br`, br), writeFile(`${full}.gz`, gz)]);
        }),
      );
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress()],
  server: {
    proxy: {
      "/trpc": apiServer,
      "/healthz": apiServer,
      "/readyz": apiServer,
      "/webhooks": apiServer,
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
});
