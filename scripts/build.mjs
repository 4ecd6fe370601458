// `node scripts/build.mjs [api] [worker] [web] [--outdir DIR]` (all when none is
// named). `web` bundles the web app (apps/web/src, Preact) for browsers into
// apps/web/dist, which the API serves at `/` (see buildWebApp below); it runs at
// `pnpm install` too. `api` and `worker` bundle
// our own code of each entry (apps/<name>/src and
// packages/shared/src) into apps/<name>/dist/main.mjs, so production runs plain
// `node` without tsx's loader, transform cache and source maps (about 35 MB of
// each process's memory). Dependencies stay in node_modules: every package import
// becomes a relative import of the file Node would have loaded, so native
// modules, wasm and asset folders (Swagger UI, Bull Board) keep their paths.
// Development and tests keep running the TypeScript sources with tsx.
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ENTRIES = {
  api: { entry: "apps/api/src/main.ts", outfile: "apps/api/dist/main.mjs" },
  worker: { entry: "apps/worker/src/main.ts", outfile: "apps/worker/dist/main.mjs" },
};
const KNOWN = [...Object.keys(ENTRIES), "web"];
const named = process.argv.slice(2).filter((arg, index, args) => KNOWN.includes(arg) && args[index - 1] !== "--outdir");
const unknown = process.argv.slice(2).filter((arg, index, args) => !KNOWN.includes(arg) && arg !== "--outdir" && args[index - 1] !== "--outdir");
if (unknown.length > 0) throw new Error(`unknown entry ${unknown.join(", ")}; known: ${KNOWN.join(", ")}`);
// Another folder (tests build there) holds each bundle under its own name, `api.mjs`...
const outdirArg = process.argv.indexOf("--outdir");
const OUTDIR = outdirArg > 0 ? path.resolve(process.argv[outdirArg + 1]) : undefined;

// esbuild comes with tsx (a dev dependency of the workspace root).
const fromTsx = createRequire(createRequire(path.join(ROOT, "package.json")).resolve("tsx/package.json"));
const esbuild = fromTsx("esbuild");

/** Package imports stay imports, of the very file they resolved to, relative to the bundle. */
function keepPackagesExternal(outdir) {
  return {
    name: "keep-packages-external",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === "resolving" || args.path.startsWith("@ocrflow/")) return undefined;
        if (args.path.startsWith("node:")) return { path: args.path, external: true };
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: "resolving",
        });
        if (resolved.errors.length > 0 || !resolved.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const relative = path.relative(outdir, resolved.path).split(path.sep).join("/");
        return { path: relative.startsWith(".") ? relative : `./${relative}`, external: true };
      });
    },
  };
}

/**
 * `import.meta.url` of a bundled source file still names that source file
 * (as a URL relative to the bundle), so paths built from it (the Prisma
 * folder, the language data) are the same as under tsx.
 */
function keepSourceUrls(outdir) {
  return {
    name: "keep-source-urls",
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const { readFile } = await import("node:fs/promises");
        const source = await readFile(args.path, "utf8");
        if (!source.includes("import.meta.url")) return undefined;
        const relative = path.relative(outdir, args.path).split(path.sep).join("/");
        const url = `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
        return { contents: source.replaceAll("import.meta.url", url), loader: "ts" };
      });
    },
  };
}

for (const [name, entry] of Object.entries(ENTRIES).filter(([name]) => named.length === 0 || named.includes(name))) {
  const outfile = OUTDIR ? path.join(OUTDIR, `${name}.mjs`) : path.join(ROOT, entry.outfile);
  const outdir = path.dirname(outfile);
  const started = performance.now();
  const { outputFiles } = await esbuild.build({
    entryPoints: [path.join(ROOT, entry.entry)],
    // Written below, each file whole under its final name at once: several
    // processes (supervisord's workers) may build while others start.
    write: false,
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // A map for reading stack traces (NODE_OPTIONS=--enable-source-maps); off by default, it costs memory.
    sourcemap: "linked",
    logLevel: "warning",
    plugins: [keepPackagesExternal(outdir), keepSourceUrls(outdir)],
  });
  await mkdir(outdir, { recursive: true });
  // The map first, so a bundle on disk never points at a map that is not.
  for (const file of outputFiles.sort((a, b) => Number(b.path.endsWith(".map")) - Number(a.path.endsWith(".map")))) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    await writeFile(temporary, file.contents);
    await rename(temporary, file.path);
  }
  console.log(`${name}: ${path.relative(process.cwd(), outfile)} in ${Math.round(performance.now() - started)} ms`);
}

/**
 * The web app: one script and one stylesheet named after their content (so
 * the API serves them as immutable), and index.html pointing at them. Built
 * into a new folder that then replaces dist whole, so the API never serves a
 * page whose assets are not there yet.
 */
async function buildWebApp() {
  const started = performance.now();
  const webDir = path.join(ROOT, "apps/web");
  const distDir = OUTDIR ? path.join(OUTDIR, "web") : path.join(webDir, "dist");
  const stagingDir = `${distDir}.${process.pid}.tmp`;
  const { outputFiles, metafile } = await esbuild.build({
    entryPoints: { app: path.join(webDir, "src/main.tsx") },
    absWorkingDir: ROOT,
    write: false,
    outdir: stagingDir,
    entryNames: "assets/[name]-[hash]",
    assetNames: "assets/[name]-[hash]",
    bundle: true,
    minify: true,
    metafile: true,
    platform: "browser",
    format: "esm",
    // Browsers of the last few years, phones included.
    target: ["es2022", "chrome109", "firefox115", "safari16"],
    jsx: "automatic",
    jsxImportSource: "preact",
    sourcemap: "linked",
    logLevel: "warning",
  });
  const [script, { cssBundle }] = Object.entries(metafile.outputs).find(([, output]) => output.entryPoint) ?? [];
  if (!script || !cssBundle) throw new Error("the web build made no script or no stylesheet");
  const urlOf = (file) => `/${path.relative(stagingDir, path.resolve(ROOT, file)).split(path.sep).join("/")}`;
  const template = await readFile(path.join(webDir, "index.html"), "utf8");
  const page = template.replace("%SCRIPT%", urlOf(script)).replace("%STYLESHEET%", urlOf(cssBundle));
  await rm(stagingDir, { recursive: true, force: true });
  for (const file of outputFiles) {
    await mkdir(path.dirname(file.path), { recursive: true });
    await writeFile(file.path, file.contents);
  }
  await writeFile(path.join(stagingDir, "index.html"), page);
  await writeFile(path.join(stagingDir, "favicon.svg"), await readFile(path.join(webDir, "favicon.svg")));
  const previousDir = `${distDir}.${process.pid}.old`;
  await rename(distDir, previousDir).catch((error) => {
    if (error.code !== "ENOENT") throw error;
  });
  await rename(stagingDir, distDir);
  await rm(previousDir, { recursive: true, force: true });
  console.log(`web: ${path.relative(process.cwd(), distDir)} in ${Math.round(performance.now() - started)} ms`);
}

if (named.length === 0 || named.includes("web")) await buildWebApp();
