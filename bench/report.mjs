// Turns the JSON lines bench/run.sh wrote into results.md (targets beside measured figures, every run) and
// latency.svg (p99 latency against offered load, from the sweep). Usage: node bench/report.mjs DIR; the
// machine, cores and timings come from DIR/setup.json, which bench/run.sh writes.
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [dir] = process.argv.slice(2);
const json = (name) => {
  const file = join(dir, name);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
};
const runs = (name) => {
  const file = join(dir, `${name}.jsonl`);
  return existsSync(file)
    ? readFileSync(file, 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line))
    : [];
};
const median = (values) => {
  const sorted = values.filter((v) => v !== undefined && v !== null).sort((a, b) => a - b);
  if (!sorted.length) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (value, digits = 0) => value === undefined ? 'not run'
  : Number(value).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const of = (list) => list.length > 1 ? ` (median of ${list.length})` : list.length === 1 ? ' (1 run)' : '';
const setup = json('setup.json') ?? {};

const sweep = runs('sweep');
// The fixed-rate runs (atNk: N,000 deliveries/s), lowest rate first, and the floor measured in the same session.
const atRates = readdirSync(dir).map((f) => /^at(\d+)k\.jsonl$/.exec(f)).filter(Boolean)
  .map((m) => Number(m[1])).sort((a, b) => a - b);
const at = Object.fromEntries(atRates.map((k) => [k, runs(`at${k}k`)]));
const floor = runs('floor');
const floorAt = (perS) => median(floor.filter((r) => r.offeredDeliveriesPerS === perS).map((r) => r.cpuUsPerDelivery));
const floorFastest = floor.filter((r) => r.offeredDeliveriesPerS === 0);
const startup = runs('startup');
// Per variant (README / image options, without / with the class-data archive): RSS, time to answer, CPU until then.
const startupFigures = [...new Set(startup.map((r) => r.variant))].map((variant) => {
  const of_ = startup.filter((r) => r.variant === variant);
  const timed = of_.filter((r) => Number.isFinite(r.readyMs));
  return `${variant}: ${fmt(median(of_.map((r) => r.rssKiB)) / 1024, 0)} MiB` +
    (timed.length ? `, answered in ${fmt(median(timed.map((r) => r.readyMs)))} ms with ${fmt(median(timed.map((r) => r.cpuMsToReady)))} ms of CPU` : '') +
    of(of_);
}).join('; ');
// Socket.io 4.8.4 on the same core with the same load generator, as measured for issue 21 (two runs each).
const socketIo = { 10: '16.9–19.4 µs, p99 3.7–6.9 ms', 25: '16.2–17.8 µs, p99 5.2 ms', 50: '12.7–15.1 µs, p99 7.9–17.2 ms' };
const idle = runs('idle');
const idleHeap = runs('idle-heap').filter((r) => Number.isFinite(r.liveHeapPerConnectionKiB));
const idleRss = runs('idle-heap').filter((r) => Number.isFinite(r.rssPerConnectionKiB));
// RSS read once the 9,500 are up, before the live-heap probe's full collection; the bench's own (end of its
// window) comes after that collection, which touches pages of its own, and is given second.
const idleFigures = (idleRss.length
  ? `${fmt(median(idleRss.map((r) => r.rssPerConnectionKiB)), 1)} KiB added by each of the last 9,500 ` +
    `(${fmt(median(idle.map((r) => r.serverRssPerConnectionKiB)), 1)} KiB at the end of the bench's window, after the live-heap probe's full collection)`
  : `${fmt(median(idle.map((r) => r.serverRssPerConnectionKiB)), 1)} KiB added by each of the last 9,500`) +
  (idleHeap.length ? `; live heap ${fmt(median(idleHeap.map((r) => r.liveHeapPerConnectionKiB)), 2)} KiB per connection` : '');
const storm = runs('storm');
const store = runs('store');
// The rate, and what it cost each side: a rate the bench's core bounds says little about the server's.
const stormServerUs = storm.filter((r) => r.serverCpuUsPerConnection != null).map((r) => r.serverCpuUsPerConnection);
const stormFigures = storm.length ? `${fmt(median(storm.map((r) => r.connectsPerS)))}` +
  (stormServerUs.length ? `; the server's CPU ${fmt(median(stormServerUs), 0)} µs per connection (one core's worth: ` +
    `${fmt(1e6 / median(stormServerUs), 0)}/s), at ${fmt(median(storm.map((r) => r.serverCpuPctConnecting)), 0)} % of its core ` +
    `while the bench's was at ${fmt(median(storm.map((r) => r.benchCpuPctConnecting)), 0)} %` : '') : '';
const posts = runs('posts');
const redis1 = runs('redis-1');
const redis2 = runs('redis-2');
const redisSetup = json('redis-setup.json');
const smoke = runs('smoke');

// The knee: the highest delivered rate whose run kept p99 within 100 ms, lost nothing and kept every sender
// connected (past saturation the server closes a sender whose unprocessed frames pile up: 1008).
const kneeOf = (list) => {
  const good = list.filter((r) => r.latencyP99Ms <= 100 && r.lost === 0 && !r.disconnects);
  return good.length ? Math.max(...good.map((r) => r.deliveriesPerS)) : undefined;
};
const knee = kneeOf(sweep);

// Posts: offered and acked per second of the window; "nothing lost" means every post acked and delivered.
const offeredPosts = (r) => r.sent / r.durationS;
const ackedPosts = (r) => r.acked / r.durationS;
const postsGood = posts.filter((r) => r.ackP99Ms <= 50 && r.lost === 0 && r.acked === r.sent);
const bestPosts = postsGood.length
  ? postsGood.reduce((best, r) => (ackedPosts(r) > ackedPosts(best) ? r : best)) : undefined;
const postsMeasured = bestPosts
  ? `${fmt(ackedPosts(bestPosts))} (${fmt(offeredPosts(bestPosts))} offered, ack p99 ${fmt(bestPosts.ackP99Ms, 1)} ms)`
  : posts.length ? 'none of the sweep' : 'not run';

// Redis: the 2-node knee over the 1-node knee, both with p99 ≤ 100 ms and nothing lost.
const knee1 = kneeOf(redis1);
const knee2 = kneeOf(redis2);
const sharedCores = redisSetup?.shared ? ` — not a valid figure: cores shared (REDIS_CORES="${redisSetup.cores.join(' ')}")` : '';
let redisMeasured;
if (!redisSetup) redisMeasured = 'not run';
else if (!redisSetup.run) redisMeasured = `not run: needs 3 cores (this machine has ${redisSetup.nproc})`;
else if (knee1 === undefined || knee2 === undefined) {
  redisMeasured = `no ratio: ${knee1 === undefined ? '1 node' : '2 nodes'}: no run met the bound${sharedCores}`;
} else {
  redisMeasured = `${fmt(knee2 / knee1, 2)}× (2 nodes ${fmt(knee2)}, 1 node ${fmt(knee1)} deliveries/s)${sharedCores}`;
}

const cpuRow = (k) => {
  const list = at[k];
  const cpu = median(list.map((r) => r.serverCpuUsPerDelivery));
  const f = floorAt(k * 1000);
  const ratio = f ? ` = **${fmt(cpu / f, 2)}×** the floor (${fmt(f, 2)} µs)` : ' (floor not run)';
  return [`server CPU per delivery at ${fmt(k * 1000)} deliveries/s`,
    `≤ 1.3× the floor, 1.5× at most${socketIo[k] ? `; Socket.io ${socketIo[k]}` : ''}`,
    `${fmt(cpu, 2)} µs${ratio}`, of(list)];
};
const p99Row = (k) => [`p99 latency at ${fmt(k * 1000)} deliveries/s`, '≤ 4 ms',
  `${fmt(median(at[k].map((r) => r.latencyP99Ms)), 2)} ms`, of(at[k])];
const rows = [
  ...atRates.map(cpuRow),
  ...atRates.map(p99Row),
  ['deliveries/s with p99 ≤ 100 ms, no loss, messages persisted (SQLite)', '≥ 150,000',
    knee === undefined ? (sweep.length ? 'none of the sweep' : 'not run') : fmt(knee), sweep.length ? ' (sweep)' : ''],
  ['the floor as fast as it goes (one core, one write per delivery)', '—',
    floorFastest.length ? `${fmt(median(floorFastest.map((r) => r.deliveriesPerS)))} deliveries/s, ${fmt(median(floorFastest.map((r) => r.cpuUsPerDelivery)), 2)} µs each` : 'not run', of(floorFastest)],
  ['acknowledged posts/s into SQLite (rooms of two), ack p99 ≤ 50 ms, nothing lost, synchronous=FULL', '≥ 20,000',
    postsMeasured, posts.length ? ' (posts sweep)' : ''],
  ['authenticated connections/s in a reconnect storm (guests, joins into rooms of 100)', '≥ 10,000', storm.length ? stormFigures : 'not run', of(storm)],
  ['RSS added per idle connection at 19,000 connections', '≤ 4 KiB', idle.length ? idleFigures : 'not run', of(idle)],
  ['RSS of an idle server just started with the documented defaults', '≤ 150 MiB',
    startup.length ? startupFigures : 'not run', ''],
  ['with Redis fan-out, 2 nodes vs 1 node delivered/s at the same p99 bound (≤ 100 ms, nothing lost)', '≥ 1.7×',
    redisMeasured, ''],
];

let md = `# Benchmark results\n\nMachine: ${setup.machine ?? 'not recorded'}. Server pinned to core ${setup.serverCore ?? 0}, ` +
  `\`chat bench\` to core ${setup.benchCore ?? 1}; SQLite store, in-process fan-out (except redis), 64-byte texts; ` +
  `${setup.warmup ?? '?'} warm-up and ${setup.duration ?? '?'} measured in the sweeps and the fixed-rate runs.\n\n`;
md += '| figure | target | measured |\n|---|---|---|\n';
for (const [figure, target, measured, note] of rows) md += `| ${figure} | ${target} | ${measured}${note} |\n`;

const table = (title, list, heading = '##') => {
  if (!list.length) return '';
  let t = `\n${heading} ${title}\n\n| offered/s | delivered/s | lost | dup | cut | p50 ms | p99 ms | max ms | ack p99 ms | late sends | bench GC ms | server CPU % | server µs/delivery | connects/s | server RSS MiB (end) | KiB/connection |\n`;
  t += '|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n';
  for (const r of list) {
    t += `| ${fmt(r.offeredDeliveriesPerS)} | ${fmt(r.deliveriesPerS)} | ${r.lost} | ${r.duplicated} | ${r.disconnects ?? 0} | ${r.latencyP50Ms} | ${r.latencyP99Ms} | ${r.latencyMaxMs} | ${r.ackP99Ms} | ${r.lateSends} | ${r.benchGcMs ?? '–'} | ${r.serverCpuPct} | ${r.serverCpuUsPerDelivery} | ${fmt(r.connectsPerS)} | ${r.serverRssEndMiB} | ${r.serverRssPerConnectionKiB} |\n`;
  }
  return t;
};
md += table('Sweep: 1,000 clients in 10 rooms of 100, one sender per room', sweep);
for (const k of atRates) md += table(`${fmt(k * 1000)} deliveries/s`, at[k]);
if (floor.length) {
  md += '\n## The floor: one write() of a 150-byte frame per delivery, 1,000 loopback connections in 10 rooms of 100 (bench/floor)\n\n';
  md += '| offered/s | delivered/s | CPU % | µs/delivery |\n|--:|--:|--:|--:|\n';
  for (const r of floor) {
    md += `| ${r.offeredDeliveriesPerS ? fmt(r.offeredDeliveriesPerS) : 'as fast as it goes'} | ${fmt(r.deliveriesPerS)} | ${r.cpuPct} | ${r.cpuUsPerDelivery} |\n`;
  }
}
md += table('Idle connections: RSS added by 9,500 more on a warmed server holding 9,500', idle);
md += table('Connect storm: 10,000 clients', storm);
if (posts.length) {
  md += '\n## Posts: 2,000 clients in 1,000 rooms of 2, both posting\n\n';
  md += '| per sender /s | offered posts/s | acked posts/s | lost deliveries | unacked | ack p50 ms | ack p99 ms | ack max ms | delivery p99 ms | server CPU % | meets the bound |\n';
  md += '|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|\n';
  for (const r of posts) {
    md += `| ${r.ratePerSender} | ${fmt(offeredPosts(r))} | ${fmt(ackedPosts(r))} | ${r.lost} | ${r.sent - r.acked} | ${r.ackP50Ms} | ${r.ackP99Ms} | ${r.ackMaxMs} | ${r.latencyP99Ms} | ${r.serverCpuPct} | ${postsGood.includes(r) ? 'yes' : 'no'} |\n`;
  }
}
if (store.length) {
  md += '\n## The SQLite writer alone: appends into 1,000 rooms from 2,000 authors, no server (AppendLoad)\n\n';
  md += 'CPU per append is the whole process\'s (its pacing included), the writer thread\'s share of a core beside it.\n\n';
  md += '| offered appends/s | answered/s | µs CPU per append | writer % of a core | answer p50 ms | answer p99 ms | unanswered | failed |\n';
  md += '|--:|--:|--:|--:|--:|--:|--:|--:|\n';
  for (const r of store) {
    md += `| ${fmt(r.offeredAppendsPerS)} | ${fmt(r.appendsPerS)} | ${r.cpuUsPerAppend} | ${r.writerCpuPct} | ${r.answerP50Ms} | ${r.answerP99Ms} | ${r.unanswered} | ${r.failed} |\n`;
  }
}
if (redisSetup?.run) {
  const where = `node 1 on core ${redisSetup.cores[0]}, node 2 on core ${redisSetup.cores[1]}, \`chat bench\` and redis-server on core ${redisSetup.cores[2]}`;
  md += `\n## Redis fan-out: 1,000 clients in 25 rooms of 40, one sender per room, over 1 or 2 nodes\n\n${where}; ` +
    'both nodes on one SQLite file. Server CPU is node 1\'s.' +
    (redisSetup.shared ? ' **Cores shared: these runs check that the scenario works; they are not a valid figure.**' : '') + '\n';
  md += table('Redis, 1 node', redis1, '###');
  md += table('Redis, 2 nodes', redis2, '###');
}
md += table('Smoke: 20 clients in 2 rooms for 2 s', smoke);
const profiles = readdirSync(dir).filter((f) => /^profile-.*\.txt$/.test(f)).sort();
if (profiles.length) md += `\n## Profiles\n\n${profiles.map((f) => `- [${f}](${f})`).join('\n')}\n`;
if (sweep.length) md += '\n![p99 latency against offered load](latency.svg)\n';
writeFileSync(join(dir, 'results.md'), md);

// The plot: p99 (log scale) against offered deliveries/s, with the 100 ms bound.
if (sweep.length) {
  const w = 640, h = 400, left = 70, right = 20, top = 20, bottom = 50;
  const xs = sweep.map((r) => r.offeredDeliveriesPerS);
  const xMax = Math.max(...xs) * 1.05;
  const yMin = 0.1, yMax = Math.max(1000, ...sweep.map((r) => r.latencyP99Ms));
  const x = (v) => left + (v / xMax) * (w - left - right);
  const y = (v) => top + (1 - (Math.log10(Math.max(v, yMin)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * (h - top - bottom);
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">\n`;
  svg += `<rect width="${w}" height="${h}" fill="white"/>\n`;
  svg += `<line x1="${left}" y1="${h - bottom}" x2="${w - right}" y2="${h - bottom}" stroke="black"/>\n`;
  svg += `<line x1="${left}" y1="${top}" x2="${left}" y2="${h - bottom}" stroke="black"/>\n`;
  for (let v = yMin; v <= yMax * 1.001; v *= 10) {
    svg += `<line x1="${left - 4}" y1="${y(v)}" x2="${w - right}" y2="${y(v)}" stroke="#ddd"/><text x="${left - 8}" y="${y(v) + 4}" text-anchor="end">${v >= 1 ? v : v.toFixed(1)} ms</text>\n`;
  }
  for (let i = 0; i <= 4; i++) {
    const v = (xMax / 4) * i;
    svg += `<text x="${x(v)}" y="${h - bottom + 18}" text-anchor="middle">${Math.round(v / 1000)}k</text>\n`;
  }
  svg += `<line x1="${left}" y1="${y(100)}" x2="${w - right}" y2="${y(100)}" stroke="red" stroke-dasharray="4 4"/><text x="${w - right}" y="${y(100) - 4}" text-anchor="end" fill="red">p99 bound 100 ms</text>\n`;
  const points = sweep.map((r) => `${x(r.offeredDeliveriesPerS).toFixed(1)},${y(r.latencyP99Ms).toFixed(1)}`).join(' ');
  svg += `<polyline points="${points}" fill="none" stroke="#0b5ed7" stroke-width="2"/>\n`;
  for (const r of sweep) svg += `<circle cx="${x(r.offeredDeliveriesPerS)}" cy="${y(r.latencyP99Ms)}" r="3" fill="#0b5ed7"/>\n`;
  svg += `<text x="${(left + w - right) / 2}" y="${h - 12}" text-anchor="middle">offered deliveries/s (1,000 clients, 10 rooms of 100)</text>\n`;
  svg += `<text x="16" y="${(top + h - bottom) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(top + h - bottom) / 2})">p99 latency</text>\n`;
  svg += '</svg>\n';
  writeFileSync(join(dir, 'latency.svg'), svg);
}
console.log(md);
