// Bundles tsc's output in dist/ into the two files the package runs, each a single ES module:
//   dist/softgrad.js   the library, what `import ... from 'softgrad'` loads (package.json `exports`);
//   dist/cli/main.js   the `softgrad` command (package.json `bin`), written over tsc's file of that name.
// Run by `npm run build` right after tsc (it reads tsc's dist/cli/main.js). Why: Node 20's ESM loader costs
// about 85 KB of memory per module and dist/ has over 100; importing the one file peaks at 47 MB RSS instead
// of 59 (bare node: 39) and the command starts faster (issue 8 counts peak RSS against a 60 MB limit).
//
// Bundled from dist/ rather than src/, so the bundle is the JavaScript tsc emitted; esbuild reads tsc's source
// maps, so dist/softgrad.js.map still points into src/. esbuild rather than rollup (both came with vitest):
// 40 ms against 0.9 s, and a 250 KB file against 350 KB (rollup keeps every comment) for the same memory.
// devDependencies name it at exactly the version package-lock.json already held for vite, so `npm ci`
// installs the same single copy as before.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Bundled again, the command would carry esbuild's helpers twice: it must be tsc's file, which imports its modules.
if (!readFileSync(`${root}/dist/cli/main.js`, 'utf8').includes("from './")) {
  console.error('bundle: dist/cli/main.js is already a bundle; run `npm run build`, which runs tsc first');
  process.exit(1);
}

// papaparse stays in node_modules. It is CommonJS, and an `import` of CommonJS makes Node start its CommonJS
// export lexer (WebAssembly), megabytes more (about 6 MB when seedrandom was imported so too); a `require` does
// not. So it becomes a module that requires it, relative to the bundle's own file as Node would resolve the import,
// and only when a property of it is first read: most processes read no CSV, and loading it costs 0.5 MB of RSS.
const commonJsDependencies = ['papaparse'];

// seedrandom's entry file in node_modules: bundled (below), and the source of the licence notice the bundle carries.
const seedrandomEntry = createRequire(`${root}/package.json`).resolve('seedrandom');

/** @type {import('esbuild').Plugin} */
const requireCommonJs = {
  name: 'require-commonjs-dependencies',
  setup(bundler) {
    const names = new RegExp(`^(${commonJsDependencies.join('|')})$`);
    bundler.onResolve({ filter: names }, ({ path }) => ({ path, namespace: 'require' }));
    bundler.onLoad({ filter: /.*/, namespace: 'require' }, ({ path }) => ({
      loader: 'js',
      contents: [
        `import { createRequire } from 'node:module';`,
        `let loaded;`,
        `const load = () => (loaded ??= createRequire(import.meta.url)(${JSON.stringify(path)}));`,
        // A method called through it sees the proxy as \`this\`, whose properties are the module's.
        `export default new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });`,
      ].join('\n'),
    }));
  },
};

// seedrandom is bundled instead (its code, unchanged), because required from node_modules it requires Node's
// crypto at load, about 1 MB of RSS in every process, only to seed itself when given no seed. softgrad
// always gives one (makeRng passes String(seed); alea seeds from its argument), so in the bundle its
// require('crypto') gets an empty module, and an unseeded call would fall back to seedrandom's own
// time-based seed rather than fail.
/** @type {import('esbuild').Plugin} */
const seedrandomWithoutCrypto = {
  name: 'seedrandom-without-crypto',
  setup(bundler) {
    // Past `packages: 'external'`, which would leave it in node_modules.
    bundler.onResolve({ filter: /^seedrandom$/ }, () => ({ path: seedrandomEntry }));
    bundler.onResolve({ filter: /^crypto$/ }, ({ importer }) =>
      /[\\/]node_modules[\\/]seedrandom[\\/]/.test(importer) ? { path: 'crypto', namespace: 'no-crypto' } : undefined,
    );
    bundler.onLoad({ filter: /.*/, namespace: 'no-crypto' }, () => ({ loader: 'js', contents: 'module.exports = {};\n' }));
  },
};

// The bundled seedrandom code is MIT-licensed, whose notice must travel with it: minifying drops its comments, so
// the bundle starts with the notice, read from the package it was bundled from.
const seedrandomLicense = /^\/\*([\s\S]*?)\*\//.exec(readFileSync(`${dirname(seedrandomEntry)}/seedrandom.js`, 'utf8'))[1].trim();
const seedrandomVersion = JSON.parse(readFileSync(`${dirname(seedrandomEntry)}/package.json`, 'utf8')).version;
const licenseBanner = [
  `/*! Includes seedrandom ${seedrandomVersion} (https://github.com/davidbau/seedrandom), MIT license; its lib/alea.js:`,
  'Copyright (C) 2010 by Johannes Baagoe, MIT license. seedrandom:',
  '',
  seedrandomLicense,
  '*/',
].join('\n');

// In a browser, Node's built-in modules are not there: dist/builtins.js becomes getters that say so when called (a
// file read, a worker thread), and nothing is loaded at import. readCsv and the like are Node's; parseCsv,
// parseTable, Classifier.fromJSON and toJSON are what a page uses.
/** @type {import('esbuild').Plugin} */
const builtinsForBrowsers = {
  name: 'builtins-for-browsers',
  setup(bundler) {
    bundler.onLoad({ filter: /[\\/]dist[\\/]builtins\.js$/ }, ({ path }) => {
      const names = [...readFileSync(path, 'utf8').matchAll(/export const (\w+) =/g)].map((m) => m[1]);
      const getter = (name) =>
        `export const ${name} = () => { throw new ValueError('softgrad: this needs Node.js (node:${name.replace(/^node/, '').replace(/^(.)/, (c) => c.toLowerCase()).replace(/([A-Z])/g, (c) => (c === 'P' ? '/p' : '_' + c.toLowerCase()))}), which a browser does not have; in a page, read data with parseCsv or parseTable and models with Classifier.fromJSON'); };`;
      return { loader: 'js', resolveDir: dirname(path), contents: [`import { ValueError } from './errors.js';`, ...names.map(getter)].join('\n') };
    });
  },
};

// Tuning runs trials on worker threads, which load dist/trial-worker.js: each Node bundle is told where that file is
// from itself (SOFTGRAD_TRIAL_WORKER, read by src/train/trial-pool.ts); elsewhere trials run on the calling thread.
const trialWorker = (path) => ({ SOFTGRAD_TRIAL_WORKER: JSON.stringify(path) });

const entries = [
  { entry: 'dist/index.js', outfile: 'dist/softgrad.js', platform: 'node', define: trialWorker('./trial-worker.js') },
  { entry: 'dist/cli/main.js', outfile: 'dist/cli/main.js', platform: 'node', define: trialWorker('../trial-worker.js') },
  { entry: 'dist/train/trial-worker.js', outfile: 'dist/trial-worker.js', platform: 'node' },
  // Everything in one file for a page (papaparse and seedrandom included), as `exports` gives browsers.
  { entry: 'dist/index.js', outfile: 'dist/softgrad.browser.js', platform: 'browser' },
];

for (const { entry, outfile, platform, define } of entries) {
  const node = platform === 'node';
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    allowOverwrite: true,
    bundle: true,
    format: 'esm',
    platform,
    define,
    target: node ? 'node20' : 'es2022',
    // Any other package a future import names stays external too, rather than being copied in.
    packages: node ? 'external' : undefined,
    // Parquet and Arrow are read from files, which a page has not: their readers stay out of the browser's bundle.
    external: node ? undefined : ['hyparquet', 'hyparquet-compressors', '@uwdata/flechette'],
    plugins: node ? [requireCommonJs, seedrandomWithoutCrypto] : [builtinsForBrowsers, seedrandomWithoutCrypto],
    // Whitespace and syntax minified, names kept as written, and no `__name()` calls to re-set the names of the
    // few functions esbuild renames (the classes among them get theirs back below): W3's peak RSS over the data
    // 61.3 -> 58.6 MB. Node reads the source into one string that V8 counts as young memory surviving its first
    // collections, with what the names calls leave: over about 1 MB of such survivors (310 KB of source plus
    // ~300 KB of objects, counted twice), V8 doubles its young generation for the rest of the process (+2 MB). Messages never use function names;
    // stack traces keep them, and the linked source map (node --enable-source-maps) gives lines in src/.
    minifyWhitespace: true,
    minifySyntax: true,
    banner: { js: licenseBanner },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // A class that refers to itself comes out as `Tensor=class _Tensor{...}`, whose name is the inner one: without
  // keepNames, give those few their own name back (console.log shows `Tensor {`, traces `new Tensor`).
  const built = readFileSync(`${root}/${outfile}`, 'utf8');
  const renamed = [...built.matchAll(/\b([A-Za-z$][\w$]*)=class _\1\b/g)].map((m) => m[1]);
  const naming = renamed.map((name) => `Object.defineProperty(${name},"name",{value:${JSON.stringify(name)}});`).join('');
  const code = built.replace(/\n\/\/# sourceMappingURL=/, `\n${naming}\n//# sourceMappingURL=`);
  writeFileSync(`${root}/${outfile}`, code);
  // esbuild escapes non-ASCII in code (charset 'ascii') but keeps the comments it keeps as they are, and one
  // such character makes V8 hold the whole source as two bytes a character: 290 KB more RSS for an ellipsis.
  const lines = code.split('\n');
  const wide = lines.flatMap((line, i) => (/[^\x00-\x7f]/.test(line) ? [`  ${outfile}:${i + 1}: ${line.trim()}`] : []));
  if (wide.length > 0) {
    console.error(`bundle: ${outfile} must be ASCII (write ... or -> in comments); these lines are not:\n${wide.join('\n')}`);
    process.exit(1);
  }
}
