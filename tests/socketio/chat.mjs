// The chat story with the real socket.io-client 4.x, as a phone app would run it. Driven by
// tests/suite/chat/socket.rs, which starts the server(s), makes the users and the conversation
// and passes them in BAITECH_SIO (JSON):
//   {api, sockets: [url1, url2?], tokens: {a, b, stranger, expired}, users: {a, b}, conversation}
// Each check prints "ok <name>"; the first failure prints "FAIL <name>: <why>" and exits 1.
import { io } from "socket.io-client";

const cfg = JSON.parse(process.env.BAITECH_SIO);
const TIMEOUT = 8000;
const conv = cfg.conversation;

function fail(name, why) {
  console.log(`FAIL ${name}: ${why}`);
  process.exit(1);
}

function within(name, promise) {
  return Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), TIMEOUT)),
  ]).catch((e) => fail(name, e.message));
}

function connect(url, token) {
  // Nothing but auth: the defaults of socket.io-client 4 (polling, then websocket).
  return io(url, { auth: { token }, reconnection: false, forceNew: true });
}

function connected(name, socket) {
  return within(name, new Promise((resolve, reject) => {
    socket.on("connect", () => resolve(socket));
    socket.on("connect_error", (e) => reject(new Error(`connect_error: ${e.message}`)));
  }));
}

function next(name, socket, event, pred = () => true) {
  return within(name, new Promise((resolve) => {
    const on = (data) => {
      if (pred(data)) {
        socket.off(event, on);
        resolve(data);
      }
    };
    socket.on(event, on);
  }));
}

function ask(name, socket, event, data) {
  return within(name, socket.emitWithAck(event, data));
}

async function httpSend(token, content) {
  const r = await fetch(`${cfg.api}/api/v1/conversations/${conv}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ content }),
  });
  const body = await r.json();
  if (r.status !== 201) fail("http send", `${r.status} ${JSON.stringify(body)}`);
  return body.data;
}

async function httpCall(method, path, token, body) {
  const r = await fetch(`${cfg.api}/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (r.status >= 300) fail(`${method} ${path}`, `${r.status} ${text}`);
  return text ? JSON.parse(text).data : null;
}

function ok(name) {
  console.log(`ok ${name}`);
}

// A bad token is refused in the handshake.
const bad = connect(cfg.sockets[0], "not-a-token");
const refused = await within("rejected handshake", new Promise((resolve) => {
  bad.on("connect", () => resolve(null));
  bad.on("connect_error", (e) => resolve(e));
}));
if (!refused) fail("rejected handshake", "a bad token connected");
bad.close();
// So is a well-signed access token past its expiry.
const stale = connect(cfg.sockets[0], cfg.tokens.expired);
const expired = await within("expired token", new Promise((resolve) => {
  stale.on("connect", () => resolve(null));
  stale.on("connect_error", (e) => resolve(e));
}));
if (!expired) fail("expired token", "an expired token connected");
stale.close();
ok("rejected handshake (a bad and an expired token)");

const a = await connected("a connects", connect(cfg.sockets[0], cfg.tokens.a));
const b = await connected("b connects", connect(cfg.sockets[0], cfg.tokens.b));
ok("both connect");

// Sent over HTTP, received on the socket.
let got = next("message:new over http", b, "message:new", (m) => m.content === "sent over http");
const first = await httpSend(cfg.tokens.a, "sent over http");
let m = await got;
if (m.seq !== first.seq || m.conversation !== conv) fail("message:new over http", JSON.stringify(m));
ok("message:new after an HTTP send");

// Sent over the socket: acknowledged with the stored message, received by the other.
got = next("message:new over socket", b, "message:new", (m) => m.content === "sent over the socket");
const ack = await ask("message:send", a, "message:send", { conversationId: conv, content: "sent over the socket", clientId: "js-1" });
if (!ack.ok || ack.data.seq !== first.seq + 1) fail("message:send ack", JSON.stringify(ack));
m = await got;
if (m._id !== ack.data._id) fail("message:new over socket", JSON.stringify(m));
const again = await ask("message:send retry", a, "message:send", { conversationId: conv, content: "sent over the socket", clientId: "js-1" });
if (!again.ok || again.data._id !== ack.data._id) fail("message:send retry", JSON.stringify(again));
const invalid = await ask("message:send invalid", a, "message:send", { conversationId: conv });
if (invalid.ok || invalid.error.code !== "VALIDATION_ERROR") fail("message:send invalid", JSON.stringify(invalid));
ok("message:send is acknowledged with the stored message, once per clientId");

// Typing reaches the other side only.
got = next("typing", a, "typing", (t) => t.typing === true);
b.emit("typing:start", { conversationId: conv });
const t = await got;
if (t.conversationId !== conv) fail("typing", JSON.stringify(t));
ok("typing");

// Reading moves the watermark and tells the sender.
got = next("message:read", a, "message:read");
const read = await ask("conversation:read", b, "conversation:read", { conversationId: conv });
if (!read.ok || read.data.unreadCount !== 0) fail("conversation:read", JSON.stringify(read));
const r = await got;
if (r.seq !== ack.data.seq) fail("message:read", JSON.stringify(r));
ok("message:read");

// A stranger is refused the room and the send.
const s = await connected("stranger connects", connect(cfg.sockets[0], cfg.tokens.stranger));
const join = await ask("conversation:join", s, "conversation:join", { conversationId: conv });
if (join.ok || join.error.code !== "FORBIDDEN") fail("stranger join", JSON.stringify(join));
const sneak = await ask("stranger send", s, "message:send", { conversationId: conv, content: "hi" });
if (sneak.ok || sneak.error.code !== "FORBIDDEN") fail("stranger send", JSON.stringify(sneak));
s.close();
ok("a stranger gets FORBIDDEN for the room and the send");

// What a disconnected client missed comes back with sync.
const seen = ack.data.seq;
b.close();
await httpSend(cfg.tokens.a, "missed one");
await httpSend(cfg.tokens.a, "missed two");
const b2 = await connected("b reconnects", connect(cfg.sockets[0], cfg.tokens.b));
const sync = await ask("sync", b2, "sync", { conversations: { [conv]: seen } });
const missed = sync.ok ? sync.data.conversations[0].messages.map((m) => m.content) : [];
if (JSON.stringify(missed) !== JSON.stringify(["missed one", "missed two"])) fail("sync", JSON.stringify(sync));
ok("sync after a disconnect returns what was missed");

// An edit, a reaction and a deletion for everyone over HTTP reach the other side live.
const target = await httpSend(cfg.tokens.a, "to be edited");
got = next("message:updated", b2, "message:updated", (m) => m._id === target._id);
await httpCall("PUT", `/messages/${target._id}`, cfg.tokens.a, { content: "edited once" });
m = await got;
if (m.content !== "edited once") fail("message:updated", JSON.stringify(m));
got = next("message:reaction", a, "message:reaction", (r) => r.messageId === target._id);
await httpCall("POST", `/messages/${target._id}/reactions`, cfg.tokens.b, { emoji: "👍" });
const reaction = await got;
if (reaction.emoji !== "👍" || reaction.added !== true) fail("message:reaction", JSON.stringify(reaction));
got = next("message:deleted", b2, "message:deleted", (d) => d.seq === target.seq);
await httpCall("DELETE", `/messages/${target._id}?scope=everyone`, cfg.tokens.a);
const deleted = await got;
if (deleted.scope !== "everyone") fail("message:deleted", JSON.stringify(deleted));
ok("message:updated, message:reaction and message:deleted");

// A member removed from a group hears of it and then leaves the group's room.
const group = await httpCall("POST", "/conversations", cfg.tokens.a, { type: "group", name: "Site crew", participants: [cfg.users.b] });
const say = (token, content) => httpCall("POST", `/conversations/${group._id}/messages`, token, { content });
got = next("group message", b2, "message:new", (m) => m.conversation === group._id);
await say(cfg.tokens.a, "welcome to the crew");
await got;
got = next("conversation:updated", b2, "conversation:updated", (c) => c._id === group._id && c.change === "participant_removed");
await httpCall("DELETE", `/conversations/${group._id}/participants/${cfg.users.b}`, cfg.tokens.a);
await got;
let leaked = null;
b2.on("message:new", (m) => { if (m.conversation === group._id) leaked = m; });
got = next("after removal", a, "message:new", (m) => m.content === "after you left");
await say(cfg.tokens.a, "after you left");
await got;
await new Promise((r) => setTimeout(r, 300));
if (leaked) fail("left the room", `a removed member still got ${JSON.stringify(leaked)}`);
ok("conversation:updated, and a removed member leaves the room");

// Another instance on the same Redis delivers to its own sockets.
if (cfg.sockets.length > 1) {
  const far = await connected("b on the second instance", connect(cfg.sockets[1], cfg.tokens.b));
  got = next("across instances", far, "message:new", (m) => m.content === "across instances");
  await ask("send on the first", a, "message:send", { conversationId: conv, content: "across instances" });
  await got;
  const back = next("back across", a, "message:new", (m) => m.content === "and back");
  await ask("send on the second", far, "message:send", { conversationId: conv, content: "and back" });
  await back;
  far.close();
  ok("delivery between two instances on one Redis");
}

// A block stops the socket send both ways, like the HTTP one; history stays readable.
await httpCall("POST", `/users/${cfg.users.b}/block`, cfg.tokens.a);
for (const [name, socket] of [["blocker", a], ["blocked", b2]]) {
  const refused = await ask(`send across a block (${name})`, socket, "message:send", { conversationId: conv, content: "across the block" });
  if (refused.ok || refused.error.code !== "FORBIDDEN" || !refused.error.message.includes("block")) {
    fail(`send across a block (${name})`, JSON.stringify(refused));
  }
}
const kept = await ask("sync across a block", b2, "sync", { conversations: { [conv]: 0 } });
const history = kept.ok ? kept.data.conversations[0].messages.map((m) => m.content) : [];
if (!history.includes("missed two") || history.includes("across the block")) fail("sync across a block", JSON.stringify(kept));
await httpCall("DELETE", `/users/${cfg.users.b}/block`, cfg.tokens.a);
got = next("after unblocking", a, "message:new", (m) => m.content === "unblocked");
const back = await ask("send after unblocking", b2, "message:send", { conversationId: conv, content: "unblocked" });
if (!back.ok) fail("send after unblocking", JSON.stringify(back));
await got;
ok("message:send across a block is FORBIDDEN both ways; the history stays readable");

a.close();
b2.close();
console.log("all ok");
process.exit(0);
