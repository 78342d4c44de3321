// Load generator of the chat benchmark (tests/benches/chat.rs) with the real socket.io-client
// 4.x, outside the server process. The Rust bench starts `baitech serve`, makes the users and
// their tokens, and runs this script once per phase with a JSON file named by BAITECH_SIO_BENCH:
//   {phase: "idle", socket, tokens: [...], batch}
//     opens one socket per token (default transports: polling, then the websocket upgrade),
//     prints "connected N" once all are upgraded, then holds them open until stdin closes.
//   {phase: "messages", api, socket, pairs: [{a, b}], seconds, warmup}
//     for each pair, opens a direct conversation over HTTP, connects both; every `a` sends
//     `message:send` in a closed loop (the next send after the ack) and its `b` notes when
//     `message:new` arrives. Prints one JSON line: sent, received, seconds, ack and delivery
//     latencies (ms, sorted) — the Rust side computes the percentiles.
// Any failure prints "FAIL <why>" and exits 1.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { io } from "socket.io-client";

const cfg = JSON.parse(readFileSync(process.env.BAITECH_SIO_BENCH, "utf8"));
const TIMEOUT = 30000;

function fail(why) {
  console.log(`FAIL ${why}`);
  process.exit(1);
}

function within(what, promise, ms = TIMEOUT) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: timed out`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// Connected and upgraded to the websocket, as a phone's client settles.
function connect(token) {
  const socket = io(cfg.socket, { auth: { token }, reconnection: false, forceNew: true });
  return within("connect", new Promise((resolve, reject) => {
    socket.on("connect_error", (e) => reject(new Error(`connect_error: ${e.message}`)));
    socket.on("connect", () => {
      const engine = socket.io.engine;
      if (engine.transport.name === "websocket") return resolve(socket);
      engine.once("upgrade", () => resolve(socket));
    });
  }));
}

async function idle() {
  const sockets = [];
  const batch = cfg.batch ?? 100;
  for (let i = 0; i < cfg.tokens.length; i += batch) {
    const some = await Promise.all(cfg.tokens.slice(i, i + batch).map(connect));
    sockets.push(...some);
  }
  console.log(`connected ${sockets.length}`);
  // Held open until the bench has read the server's memory and closes stdin.
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.on("end", resolve));
  for (const s of sockets) s.close();
  console.log("closed");
}

async function direct(a, b) {
  const r = await fetch(`${cfg.api}/api/v1/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${a.token}` },
    body: JSON.stringify({ participantId: b.id }),
  });
  const body = await r.json();
  if (r.status !== 201 && r.status !== 200) fail(`open a conversation: ${r.status} ${JSON.stringify(body)}`);
  return body.data._id;
}

async function messages() {
  const sent = new Map(); // clientId -> when its send started
  const delivery = [];
  const ack = [];
  let measuring = false;
  let count = 0;
  let received = 0;
  const pairs = await Promise.all(cfg.pairs.map(async (p, i) => {
    const conv = await direct(p.a, p.b);
    const [a, b] = await Promise.all([connect(p.a.token), connect(p.b.token)]);
    b.on("message:new", (m) => {
      const t0 = sent.get(m.clientId);
      if (t0 === undefined) return;
      sent.delete(m.clientId);
      received += 1;
      if (measuring) delivery.push(performance.now() - t0);
    });
    return { i, conv, a, b };
  }));
  let stop = false;
  const loop = async ({ i, conv, a }) => {
    for (let n = 0; !stop; n++) {
      const clientId = `bench-${i}-${n}`;
      const t0 = performance.now();
      sent.set(clientId, t0);
      const r = await within("message:send", a.emitWithAck("message:send", { conversationId: conv, content: `bench message ${n} of client ${i}`, clientId }));
      if (!r.ok) fail(`message:send: ${JSON.stringify(r)}`);
      if (measuring) {
        ack.push(performance.now() - t0);
        count += 1;
      }
    }
  };
  const loops = pairs.map(loop);
  await new Promise((r) => setTimeout(r, cfg.warmup * 1000));
  measuring = true;
  const start = performance.now();
  await new Promise((r) => setTimeout(r, cfg.seconds * 1000));
  measuring = false;
  const seconds = (performance.now() - start) / 1000;
  stop = true;
  await Promise.all(loops);
  // The last deliveries land shortly after their acks.
  await new Promise((r) => setTimeout(r, 500));
  for (const p of pairs) {
    p.a.close();
    p.b.close();
  }
  ack.sort((x, y) => x - y);
  delivery.sort((x, y) => x - y);
  // Large for a pipe: written out in full before the process exits.
  const line = JSON.stringify({ sent: count, received, undelivered: sent.size, seconds, ack, delivery });
  await new Promise((resolve) => process.stdout.write(`${line}\n`, resolve));
}

try {
  if (cfg.phase === "idle") await idle();
  else if (cfg.phase === "messages") await messages();
  else fail(`unknown phase ${cfg.phase}`);
  process.exit(0);
} catch (e) {
  fail(e.message);
}
