import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development the dashboard runs on Vite and forwards API traffic to the API server on port 3000;
// in production the API server serves the built `dist/` itself, so everything stays same-origin.
const apiServer = "http://localhost:3000";

export default defineConfig({
  plugins: [react()],
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
    // One bundle (about 200 kB gzipped), loaded once and cached as an immutable asset: splitting it
    // would buy nothing for a dashboard its users keep open all day.
    chunkSizeWarningLimit: 1_000,
  },
});
