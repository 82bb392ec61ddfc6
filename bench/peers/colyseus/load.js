// Load process for the Colyseus peer, driven by Asobi.Bench exactly like its own load processes:
// argv[2] is the job (base64 JSON), commands arrive on stdin, one JSON event per line goes to stdout.
const WS = require("ws");
const readline = require("node:readline");

const job = JSON.parse(Buffer.from(process.argv[2], "base64").toString("utf8"));

// The SDK uses globalThis.WebSocket when present: bind every socket to this process's loopback source address.
if (job.local_address) {
  const localAddress = job.local_address;
  globalThis.WebSocket = class extends WS {
    constructor(url, a, b) {
      if (a && typeof a === "object" && !Array.isArray(a)) super(url, { ...a, localAddress });
      else super(url, a, { ...(b || {}), localAddress });
    }
  };
}

const { Client } = require("@colyseus/sdk");

const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

// Latencies as [micros, count] pairs at three significant digits, like the bench's HdrHistogram.
class Hist {
  constructor() { this.map = new Map(); this.count = 0; }
  record(us) {
    let v = Math.max(1, Math.round(us));
    const digits = Math.floor(Math.log10(v)) + 1;
    if (digits > 3) { const f = 10 ** (digits - 3); v = Math.round(v / f) * f; }
    this.map.set(v, (this.map.get(v) || 0) + 1);
    this.count++;
  }
  pairs() { return [...this.map.entries()]; }
}

const emit = (e) => process.stdout.write(JSON.stringify(e) + "\n");
const rooms = [];
const steps = new Map();
const roomType = job.mode === "member" || job.mode === "sender" ? "fanout" : job.mode;

async function connectAll() {
  const client = new Client(job.urls[0].replace("ws://", "http://"));
  let failed = 0;
  let error;
  let next = 0;
  const worker = async () => {
    while (next < job.sockets) {
      next++;
      try {
        const room = await client.joinOrCreate(roomType, { channel: job.room });
        if (job.mode === "member") {
          room.onMessage("chat", (m) => {
            const [step, sent] = String(m).split("|");
            let s = steps.get(step);
            if (!s) steps.set(step, (s = new Hist()));
            s.record(nowMicros() - Number(sent));
          });
        } else if (job.mode === "sender") {
          room.onMessage("chat", () => {});
        }
        rooms.push(room);
      } catch (e) {
        failed++;
        error = error || String(e && e.message ? e.message : e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.connect_concurrency || 32, job.sockets) }, worker));
  emit({ event: "ready", connected: rooms.length, failed, error });
}

function echo(seconds) {
  return new Promise((resolve) => {
    const hist = new Hist();
    const deadline = Date.now() + seconds * 1000;
    let running = rooms.length;
    if (running === 0) return resolve(hist);
    for (const room of rooms) {
      let start = 0;
      const send = () => { start = performance.now(); room.send("ping", 1); };
      const off = room.onMessage("pong", () => {
        hist.record((performance.now() - start) * 1000);
        if (Date.now() < deadline) send();
        else { if (typeof off === "function") off(); if (--running === 0) resolve(hist); }
      });
      send();
    }
  });
}

async function step(id, rate, seconds) {
  const room = rooms[0];
  const total = Math.floor(rate * seconds);
  const begin = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - begin) / 1000) * rate) + 1);
    for (; sent < due; sent++) room.send("chat", `${id}|${nowMicros()}`);
    await new Promise((r) => setTimeout(r, 1));
  }
  return sent;
}

async function main() {
  await connectAll();
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    const w = line.trim().split(/\s+/);
    if (w[0] === "stop") break;
    if (w[0] === "run") {
      const h = await echo(Number(w[1]));
      emit({ event: "result", count: h.count, errors: 0, hist: h.pairs() });
    } else if (w[0] === "step") {
      emit({ event: "result", sent: await step(w[1], Number(w[2]), Number(w[3])) });
    } else if (w[0] === "report") {
      const h = steps.get(w[1]) || new Hist();
      emit({ event: "result", count: h.count, hist: h.pairs() });
    } else {
      emit({ event: "result", error: `unknown command '${line}'` });
    }
  }
  await Promise.all(rooms.map((r) => r.leave().catch(() => {})));
  process.exit(0);
}

main().catch((e) => {
  emit({ event: "ready", connected: 0, failed: job.sockets, error: String(e && e.stack ? e.stack : e) });
  process.exit(1);
});
