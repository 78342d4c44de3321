// One user's socket waits for `notification:new`. Driven by tests/suite/notifications/socket.rs:
// BAITECH_SIO = {socket, token}. Prints "ready" once connected, then "got <json>" for the first
// notification, or "FAIL <why>" and exits 1.
import { io } from "socket.io-client";

const cfg = JSON.parse(process.env.BAITECH_SIO);
const socket = io(cfg.socket, { auth: { token: cfg.token }, reconnection: false, forceNew: true });
const timer = setTimeout(() => {
  console.log("FAIL no notification:new within 15 s");
  process.exit(1);
}, 15000);
socket.on("connect_error", (e) => {
  console.log(`FAIL connect_error: ${e.message}`);
  process.exit(1);
});
socket.on("connect", () => console.log("ready"));
socket.on("notification:new", (data) => {
  clearTimeout(timer);
  console.log(`got ${JSON.stringify(data)}`);
  socket.close();
  process.exit(0);
});
