// Minimal Colyseus 0.18 server for Asobi's capacity benchmark: the same three scenarios as Asobi's side.
// Defaults are Colyseus's own (WebSocket transport, 3 s server pings, no per-client message limit).
const { Server, Room } = require("@colyseus/core");
const { WebSocketTransport } = require("@colyseus/ws-transport");

// idle: rooms of at most 100 clients, nothing else.
class IdleRoom extends Room {
  onCreate() {
    this.maxClients = 100;
  }
}

// echo: answers every "ping" to its sender (the counterpart of Asobi's session.heartbeat).
class EchoRoom extends Room {
  onCreate() {
    this.maxClients = 100000;
    this.onMessage("ping", (client, message) => client.send("pong", message));
  }
}

// fanout: one room per run; a "chat" message goes to every other member (the counterpart of chat.send).
class FanoutRoom extends Room {
  onCreate() {
    this.maxClients = 100000;
    this.onMessage("chat", (client, message) => this.broadcast("chat", message, { except: client }));
  }
}

const port = Number(process.env.PORT || 2567);
const server = new Server({ transport: new WebSocketTransport(), greet: false, gracefullyShutdown: false });
server.define("idle", IdleRoom);
server.define("echo", EchoRoom);
server.define("fanout", FanoutRoom).filterBy(["channel"]);
server.listen(port, "127.0.0.1").catch((e) => {
  console.error(e);
  process.exit(1);
});
