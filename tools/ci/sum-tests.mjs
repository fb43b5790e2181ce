#!/usr/bin/env node
// Sums Jest's "Tests: …" summary lines of every runner in the given logs into one closing line.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
  for (const line of text.split('\n')) {
    const summary = /^\s*Tests:\s+(.*\btotal)\s*$/.exec(line);
    if (!summary) continue;
    passed += Number(/(\d+) passed/.exec(summary[1])?.[1] ?? 0);
    failed += Number(/(\d+) failed/.exec(summary[1])?.[1] ?? 0);
  }
}
console.log(`tests: ${passed} passed, ${failed} failed`);
