// Reads `jfr print --json --events jdk.ExecutionSample` on stdin and prints the share of the samples spent in the
// telemetry code: a sample counts when the first frame from its top that is not the JDK's (java.*, jdk.*, sun.*)
// belongs to Micrometer, the Prometheus client, dev.chat.app.Metrics or the core's Instrumented proxy, or when a
// JDK proxy class (which the telemetry puts around the ports) lies above that frame. A store call made through the
// proxy has the store's frames on top: it counts as the store's.
// Also prints the shares by thread, the telemetry's top frames, and the number of samples behind each figure.
import { readFileSync } from "node:fs";

const telemetry = /^(io\.micrometer\.|io\.prometheus\.|dev\.chat\.app\.Metrics|dev\.chat\.core\.service\.Instrumented|dev\.chat\.adapters\.netty\.ServerTelemetry)/;
const jdk = /^(java\.|javax\.|jdk\.|sun\.|com\.sun\.)/;
const proxy = /^jdk\.proxy\d*\.\$Proxy/;

const events = JSON.parse(readFileSync(0, "utf8")).recording.events;
let total = 0;
let inTelemetry = 0;
const byThread = new Map();
const top = new Map();
for (const e of events) {
  const frames = e.values.stackTrace?.frames ?? [];
  const thread = e.values.sampledThread?.javaName ?? e.values.sampledThread?.osName ?? "?";
  const t = byThread.get(thread) ?? { total: 0, telemetry: 0 };
  byThread.set(thread, t);
  total++;
  t.total++;
  const ownerAt = frames.findIndex((f) => !jdk.test(f.method.type.name));
  const owner = ownerAt < 0 ? undefined : frames[ownerAt];
  // The JDK proxies around the ports exist for the telemetry alone: time in one (or under it, in the JDK) is its.
  const inProxy = frames.slice(0, ownerAt < 0 ? frames.length : ownerAt).some((f) => proxy.test(f.method.type.name));
  if (inProxy || (owner && telemetry.test(owner.method.type.name))) {
    inTelemetry++;
    t.telemetry++;
    const name = `${frames[0].method.type.name}.${frames[0].method.name}`;
    top.set(name, (top.get(name) ?? 0) + 1);
  }
}
const pct = (n, of) => (of === 0 ? "0.00" : ((100 * n) / of).toFixed(2));
console.log(`${pct(inTelemetry, total)}% of ${total} Java samples were in the telemetry code (${inTelemetry} samples)`);
console.log("");
console.log("by thread (threads with 1% of the samples or more): samples, of them in the telemetry code");
for (const [thread, t] of [...byThread].sort((a, b) => b[1].total - a[1].total)) {
  if (t.total * 100 >= total) {
    console.log(`  ${thread.padEnd(36)} ${String(t.total).padStart(7)} ${String(t.telemetry).padStart(6)}  ${pct(t.telemetry, t.total)}%`);
  }
}
console.log("");
console.log("top frames of the telemetry's samples:");
for (const [name, n] of [...top].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  console.log(`  ${String(n).padStart(6)}  ${name}`);
}
