#!/usr/bin/env node
// The JavaScript conformance client for AsnCat's exam hub, written from docs/protocol.md alone.
//
//   node run.mjs <fixture.json> [--without-proctor] [text]
//
// Runs every scenario (or those whose name contains `text`; --without-proctor leaves out those in
// which a proctor acts) one after another against the server the fixture names, prints one line
// per scenario, and exits 1 if any failed (2 on a bad command).
import { readFile } from "node:fs/promises";
import { Context, readFixture } from "./lib/context.mjs";
import { scenarios } from "./lib/scenarios.mjs";
import { withTimeout } from "./lib/terminal.mjs";

const ScenarioTimeoutMs = 60_000;

const args = process.argv.slice(2);
const withoutProctor = args.includes("--without-proctor");
const [fixturePath, filter] = args.filter((a) => a !== "--without-proctor");
if (!fixturePath) {
  console.error("usage: node run.mjs <fixture.json> [--without-proctor] [text in a scenario name]");
  process.exit(2);
}
const fixture = readFixture(await readFile(fixturePath, "utf8"));
const chosen = scenarios.filter((s) => (!filter || s.name.includes(filter)) && !(withoutProctor && s.proctor));
if (chosen.length === 0) {
  console.error(`no scenario matches "${filter}"`);
  process.exit(2);
}

console.log(`protocol-js: ${chosen.length} scenarios against ${fixture.baseUrl}`);
const ctx = new Context(fixture);
const failed = [];
const started = Date.now();
for (const s of chosen) {
  const t0 = Date.now();
  try {
    await withTimeout(s.run(ctx), ScenarioTimeoutMs, `the scenario took more than ${ScenarioTimeoutMs / 1000} s`);
    console.log(`ok   ${s.name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed.push(s);
    const message = (e && e.message ? e.message : String(e)).replace(/\s+/g, " ").slice(0, 600);
    console.log(`FAIL ${s.name}${s.defect ? ` [${s.defect}]` : ""}: ${message}`);
  } finally {
    await ctx.closeAll();
  }
}
ctx.proctor.close();
console.log(`protocol-js: ${chosen.length - failed.length} passed, ${failed.length} failed, ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed.length === 0 ? 0 : 1);
