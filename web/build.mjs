// Builds the UI into web/dist: hashed, minified bundles in dist/assets/ and an
// index.html that only links to them (no inline script or style: the server's
// Content-Security-Policy allows neither).
//
//   node build.mjs          (npm run build)

import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const assets = path.join(dist, 'assets');

// Empty dist/ rather than replace it: a running `ahtcell serve --web web/dist` holds the
// folder open, and would go on serving the removed one.
await mkdir(dist, { recursive: true });
for (const name of await readdir(dist)) await rm(path.join(dist, name), { recursive: true, force: true });
await mkdir(assets, { recursive: true });

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { app: 'src/main.jsx' },
  outdir: 'dist/assets',
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  // pages that need a big library (the charts) load it on first use, in a chunk of its own
  splitting: true,
  assetNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.entries(result.metafile.outputs);
const js = outputs.find(([, o]) => o.entryPoint === 'src/main.jsx');
if (!js) throw new Error('build: no JavaScript bundle');
const cssFile = js[1].cssBundle;
if (!cssFile) throw new Error('build: no CSS bundle');
const url = (f) => '/assets/' + path.basename(f);

// The icon: named by the hash of its content like the bundles.
const icon = await readFile(path.join(here, 'src/favicon.svg'));
const iconName = `favicon-${createHash('sha256').update(icon).digest('hex').slice(0, 8).toUpperCase()}.svg`;
await writeFile(path.join(assets, iconName), icon);

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>AHT Cell</title>
<meta name="description" content="AHT Cell: information system of India's national Anti Human Trafficking Cell.">
<meta name="color-scheme" content="light">
<link rel="icon" type="image/svg+xml" href="/assets/${iconName}">
<link rel="stylesheet" href="${url(cssFile)}">
<script type="module" src="${url(js[0])}"></script>
</head>
<body>
<noscript><p>AHT Cell needs JavaScript to be turned on in your browser.</p></noscript>
<div id="app"></div>
</body>
</html>
`;

// The policy allows no inline code: fail the build rather than ship a page the browser
// would refuse to run.
if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html) || /<style/i.test(html) || /\sstyle=/i.test(html) || /\son[a-z]+=/i.test(html)) {
  throw new Error('build: index.html must not contain inline script or style');
}
await writeFile(path.join(dist, 'index.html'), html);

for (const [file, o] of outputs) console.log(`${file.padEnd(40)} ${(o.bytes / 1024).toFixed(1)} KiB`);
console.log('dist/index.html');
