#!/usr/bin/env node
// Sums Jest's "Tests: …" summary lines of every runner in the given logs into one closing line. A suite that
// failed to load (Jest's "Test suite failed to run": its tests never ran, so its summary doesn't count them)
// counts as one failed test, and so does a log with no summary at all (a runner that never got going).
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`${file}: missing (counted as 1 failed)`);
    failed += 1;
    continue;
  }
  const text = readFileSync(file, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
  let summaries = 0;
  for (const line of text.split('\n')) {
    if (/^\s*● Test suite failed to run\s*$/.test(line)) failed += 1;
    const summary = /^\s*Tests:\s+(.*\btotal)\s*$/.exec(line);
    if (!summary) continue;
    summaries += 1;
    passed += Number(/(\d+) passed/.exec(summary[1])?.[1] ?? 0);
    failed += Number(/(\d+) failed/.exec(summary[1])?.[1] ?? 0);
  }
  if (summaries === 0) {
    console.log(`${file}: no test summary (counted as 1 failed)`);
    failed += 1;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed`);
