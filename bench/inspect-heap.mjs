#!/usr/bin/env node
// Helper for bench/e2e.mjs (run with the pinned runtime's Node 24, which has a global WebSocket): connects to a
// gateway's inspector and prints {heapUsed, heapTotal, external, arrayBuffers, rss} in bytes as one JSON line.
// `node inspect-heap.mjs <ws://…> [gc]`: with "gc", a full garbage collection (HeapProfiler.collectGarbage) runs first.
const [url, mode] = process.argv.slice(2);
const ws = new WebSocket(url);
let id = 0;
const pending = new Map();
ws.onmessage = (m) => {
  const d = JSON.parse(String(m.data));
  pending.get(d.id)?.(d);
};
const send = (method, params = {}) =>
  new Promise((resolve) => {
    pending.set(++id, resolve);
    ws.send(JSON.stringify({ id, method, params }));
  });
const timer = setTimeout(() => {
  process.stderr.write("inspector timed out\n");
  process.exit(2);
}, 30_000);
ws.onerror = () => {
  process.stderr.write(`cannot connect to ${url}\n`);
  process.exit(2);
};
ws.onopen = async () => {
  if (mode === "gc") await send("HeapProfiler.collectGarbage");
  const r = await send("Runtime.evaluate", { expression: "JSON.stringify(process.memoryUsage())", returnByValue: true });
  process.stdout.write(`${r.result?.result?.value ?? "null"}\n`);
  clearTimeout(timer);
  ws.close();
};
