#!/usr/bin/env node
// Reference JavaScript/TypeScript import edges for a repository, from the TypeScript compiler's
// own module resolution (`ts.resolveModuleName`), independent of cartograph's resolver.
//
// - specifiers: `ts.preProcessFile` (import, export ... from, require, dynamic import);
// - options: the nearest tsconfig.json (else jsconfig.json) above the file, read with
//   `ts.parseJsonConfigFileContent` (extends, baseUrl, paths); `allowJs` and
//   `resolveJsonModule` on; without a config, `moduleResolution: bundler`;
// - workspace packages: every package.json with a `name` (shallowest first) is visible under
//   `<root>/node_modules/<name>`, as a package manager's workspace links would make it; the
//   compiler's realpath maps the result back into the package.
//
// - `--built`: also as if every workspace package had been built with `rootDir: src` and
//   `outDir: dist` (or lib, build, out, esm): an output file the package names
//   (`dist/x.d.mts`, `dist/esm/x.js`) exists when `src/x.ts` (or .tsx) does, and stands for it.
//   Without the flag, packages whose entry points are build outputs resolve to nothing, as in a
//   fresh checkout.
//
// Prints one JSON object per line: {"from": path, "to": path}, unique, without self-edges,
// only edges to source files (.ts .tsx .js .jsx .mjs .cjs .mts .cts).
// - `--runtime`: a JavaScript importer (`.js`, `.jsx`, `.mjs`, `.cjs`) resolved with type
//   declarations hidden, as Node and bundlers load it: cartograph's reading for such importers.
// Usage: NODE_PATH=<dir with typescript installed>/node_modules node ts_imports.js REPO_DIR [--built] [--runtime]
const fs = require("fs");
const path = require("path");
const ts = require("typescript");

const SOURCE = /\.(d\.)?(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
const SKIP_DIRS = new Set(["node_modules", ".git"]);
const OUTPUT_DIRS = new Set(["dist", "lib", "build", "out", "esm"]);

function walk(root) {
  const found = [];
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop();
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) stack.push(path.join(dir, entry.name));
      } else if (entry.isFile()) {
        found.push(path.join(dir, entry.name));
      }
    }
  }
  return found;
}

function main() {
  const root = path.resolve(process.argv[2]);
  const files = walk(root);
  const modules = path.join(root, "node_modules") + path.sep;

  // Workspace packages by name, shallowest first.
  const packages = new Map();
  files
    .filter((file) => path.basename(file) === "package.json")
    .sort((a, b) => a.split(path.sep).length - b.split(path.sep).length || (a < b ? -1 : 1))
    .forEach((file) => {
      try {
        const name = JSON.parse(fs.readFileSync(file, "utf8")).name;
        if (typeof name === "string" && !packages.has(name)) packages.set(name, path.dirname(file));
      } catch (_) {}
    });
  // `<root>/node_modules/@scope/pkg/rest` → `<package dir>/rest`.
  const built = process.argv.includes("--built");
  const packageDirs = new Set(packages.values());
  // `<package>/dist/[esm/]a/b.d.mts` → `<package>/src/a/b.ts`, when built and that exists.
  const sourceOf = (p) => {
    if (!built || fs.existsSync(p)) return p;
    const parts = p.split(path.sep);
    const out = parts.findIndex((part, i) => OUTPUT_DIRS.has(part) && packageDirs.has(parts.slice(0, i).join(path.sep)));
    if (out < 0) return p;
    const stem = parts.slice(out + 1).join(path.sep).replace(/(\.d)?\.(ts|mts|cts|js|mjs|cjs)$/, "");
    for (const format of ["", "esm", "cjs", "types"]) {
      if (format && !stem.startsWith(format + path.sep)) continue;
      const rest = format ? stem.slice(format.length + 1) : stem;
      for (const extension of [".ts", ".tsx"]) {
        const source = path.join(parts.slice(0, out).join(path.sep), "src", rest + extension);
        if (fs.existsSync(source)) return source;
      }
    }
    return p;
  };
  const unlink = (p) => {
    if (!p.startsWith(modules)) return sourceOf(p);
    const rest = p.slice(modules.length).split(path.sep);
    const length = rest[0].startsWith("@") ? 2 : 1;
    const dir = packages.get(rest.slice(0, length).join("/"));
    return dir ? sourceOf(path.join(dir, ...rest.slice(length))) : p;
  };
  const host = {
    fileExists: (p) => ts.sys.fileExists(unlink(p)),
    readFile: (p) => ts.sys.readFile(unlink(p)),
    directoryExists: (p) =>
      p === modules.slice(0, -1) ||
      (p.startsWith(modules) && [...packages.keys()].some((name) => name.startsWith(p.slice(modules.length) + "/"))) ||
      ts.sys.directoryExists(unlink(p)),
    realpath: (p) => unlink(p),
    getCurrentDirectory: () => root,
    getDirectories: (p) => ts.sys.getDirectories(unlink(p)),
  };

  // `--runtime`: a JavaScript importer gets what Node loads, so type declarations do not exist
  // for it and the compiler's resolution goes on to the JavaScript files (`main`, `default`).
  const runtime = process.argv.includes("--runtime");
  const declaration = /\.d\.[mc]?ts$/;
  const runtimeHost = { ...host, fileExists: (p) => !declaration.test(p) && host.fileExists(p) };
  const JAVASCRIPT = /\.(js|jsx|mjs|cjs)$/;

  const configs = new Map();
  const optionsFor = (dir) => {
    if (configs.has(dir)) return configs.get(dir);
    let options;
    for (const name of ["tsconfig.json", "jsconfig.json"]) {
      const file = path.join(dir, name);
      if (fs.existsSync(file)) {
        const read = ts.readConfigFile(file, ts.sys.readFile);
        const parsed = ts.parseJsonConfigFileContent(read.config || {}, ts.sys, dir, undefined, file);
        options = { ...parsed.options, allowJs: true, resolveJsonModule: true };
        break;
      }
    }
    if (!options) {
      const parent = path.dirname(dir);
      options =
        dir === root || parent === dir
          ? {
              allowJs: true,
              resolveJsonModule: true,
              module: ts.ModuleKind.ESNext,
              moduleResolution: ts.ModuleResolutionKind.Bundler,
            }
          : optionsFor(parent);
    }
    configs.set(dir, options);
    return options;
  };

  const edges = new Set();
  for (const file of files) {
    if (!SOURCE.test(file)) continue;
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (_) {
      continue;
    }
    const options = optionsFor(path.dirname(file));
    const info = ts.preProcessFile(text, true, true);
    for (const { fileName } of info.importedFiles) {
      const chosenHost = runtime && JAVASCRIPT.test(file) ? runtimeHost : host;
      const result = ts.resolveModuleName(fileName, file, options, chosenHost);
      const resolved = result.resolvedModule && result.resolvedModule.resolvedFileName;
      if (!resolved) continue;
      const target = unlink(path.resolve(resolved));
      if (!target.startsWith(root + path.sep) || target.includes(`${path.sep}node_modules${path.sep}`)) continue;
      if (!SOURCE.test(target) || target === file) continue;
      edges.add(JSON.stringify({ from: path.relative(root, file), to: path.relative(root, target) }));
    }
  }
  for (const edge of [...edges].sort()) console.log(edge);
}

main();
