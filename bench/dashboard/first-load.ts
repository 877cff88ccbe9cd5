// The dashboard's first load in Chromium, as a new browser (empty cache) sees it: the login page for a visitor, and
// the Overview for a signed-in admin. Prints the scripts and style sheets fetched (raw, brotli as sent, and gzip
// from the build's own .gz copies) and the time until the page is usable, over several cold loads.
//
//   npm run build && npx tsx bench/dashboard/first-load.ts [--runs 5]
import { statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../../apps/web/e2e/chromium";
import { startPlaybookServer } from "../../apps/web/e2e/playbook-server";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(values.runs);
const dist = fileURLToPath(new URL("../../apps/web/dist", import.meta.url));
const admin = { email: "admin@example.com", password: "bench-correct-horse-battery-staple" };

type Load = { ms: number; files: { path: string; sent: number }[] };

// One cold load of `url` until `ready` resolves, recording every script and style sheet fetched.
async function coldLoad(
  browser: Browser,
  baseURL: string,
  url: string,
  ready: (page: Page) => Promise<unknown>,
  storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>,
): Promise<Load> {
  const context = await browser.newContext({ baseURL, storageState });
  const page = await context.newPage();
  const files: Load["files"] = [];
  page.on("requestfinished", (request) => {
    const pathname = new URL(request.url()).pathname;
    if (!/\.(js|css)$/.test(pathname)) return;
    void request
      .sizes()
      .then((sizes) => files.push({ path: pathname, sent: sizes.responseBodySize }));
  });
  const started = performance.now();
  await page.goto(url);
  await ready(page);
  const ms = performance.now() - started;
  await page.waitForLoadState("networkidle");
  await context.close();
  return { ms, files };
}

function describe(label: string, loads: Load[]) {
  const files = loads[0]!.files;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  const sum = (kind: "js" | "css", size: (file: Load["files"][number]) => number) =>
    files
      .filter((file) => file.path.endsWith(`.${kind}`))
      .reduce((total, file) => total + size(file), 0);
  const onDisk = (file: Load["files"][number], suffix = "") =>
    statSync(path.join(dist, `${file.path}${suffix}`)).size;
  const times = loads.map((load) => load.ms).sort((a, b) => a - b);
  console.log(`${label}:`);
  for (const kind of ["js", "css"] as const) {
    console.log(
      `  ${kind === "js" ? "scripts    " : "style sheet"} ${files.filter((f) => f.path.endsWith(`.${kind}`)).length} files: ` +
        `${kb(sum(kind, (f) => onDisk(f)))} raw, ${kb(sum(kind, (f) => f.sent))} sent (brotli), ` +
        `${kb(sum(kind, (f) => onDisk(f, ".gz")))} gzip`,
    );
  }
  console.log(
    `  ready in ${times.map((t) => t.toFixed(0)).join(", ")} ms (median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, ${runs} cold loads)`,
  );
}

const server = await startPlaybookServer(admin);
let browser: Browser | undefined;
try {
  browser = await launchChromium();
  const visitor: Load[] = [];
  for (let run = 0; run < runs; run++) {
    visitor.push(
      await coldLoad(browser, server.url, "/login", (page) =>
        page.getByRole("button", { name: "Sign in" }).waitFor(),
      ),
    );
  }
  // A session for the signed-in loads, made once through the login form.
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByRole("textbox", { name: "Email", exact: true }).fill(admin.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main navigation" }).waitFor();
  const session = await context.storageState();
  await context.close();
  const signedIn: Load[] = [];
  for (let run = 0; run < runs; run++) {
    signedIn.push(
      await coldLoad(
        browser,
        server.url,
        "/",
        (page) => page.getByRole("heading", { name: "Overview" }).first().waitFor(),
        session,
      ),
    );
  }
  describe("login page, new visitor", visitor);
  describe("Overview, signed-in admin", signedIn);
} finally {
  await browser?.close();
  await server.stop();
}
