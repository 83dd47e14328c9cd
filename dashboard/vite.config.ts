import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The dashboard is a static app served by the Worker's assets binding. In dev, Vite
// serves it and forwards the API and the agents' WebSockets to a running `npm start`.
const platform = "http://127.0.0.1:8787";

// This folder, whatever the working directory; `URL` keeps Node types out of this
// DOM-only program (see tsconfig.json).
const root = decodeURIComponent(new URL(".", import.meta.url).pathname);

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    // Relative to `root`: the Worker serves dist/dashboard (wrangler.jsonc `assets`).
    outDir: "../dist/dashboard",
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries in chunks of their own: they change less often than the app, so a
        // browser keeps them cached across dashboard releases.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            {
              name: "charts",
              test: /node_modules[\\/](recharts|d3-[a-z]+|victory-vendor|@reduxjs|redux|react-redux|reselect|immer|es-toolkit|decimal\.js-light|eventemitter3|clsx|tiny-invariant|use-sync-external-store|internmap)[\\/]/,
            },
            { name: "agents", test: /node_modules[\\/](agents|partysocket|@cfworker|nanoid)[\\/]/ },
            { name: "zod", test: /node_modules[\\/](zod|croner)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      // "/api/", not "/api": the dashboard's own page /api-docs must stay with Vite.
      "/api/": { target: platform, changeOrigin: true },
      "/agents": { target: platform, changeOrigin: true, ws: true },
    },
  },
});
