#!/usr/bin/env node
// Peer runner for api-smart-diff (a library without a CLI), used by bench/run.py.
// Usage: NODE_PATH=bench/.cache/node_modules node bench/node/api_smart_diff.cjs BASE REVISION
// Reads both files (JSON.parse or js-yaml), calls apiCompare(before, after) and prints one JSON
// line with the number of diffs and of breaking diffs.  Exit code 1 when something is breaking,
// like the other tools.  External $refs (multi-file specs) are not resolved by api-smart-diff.
"use strict";
const fs = require("node:fs");
const { apiCompare } = require("api-smart-diff");
const yaml = require("js-yaml");

function load(file) {
  const text = fs.readFileSync(file, "utf8");
  return file.endsWith(".json") ? JSON.parse(text) : yaml.load(text);
}

const [base, revision] = process.argv.slice(2);
if (!base || !revision) {
  process.stderr.write("usage: api_smart_diff.cjs BASE REVISION\n");
  process.exit(2);
}
const { diffs } = apiCompare(load(base), load(revision));
const breaking = diffs.filter((d) => d.type === "breaking").length;
process.stdout.write(JSON.stringify({ diffs: diffs.length, breaking }) + "\n");
process.exit(breaking > 0 ? 1 : 0);
