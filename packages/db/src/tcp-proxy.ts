// A TCP proxy between the application and a PostgreSQL server that a test (or the soak bench) can cut and
// restore: a database outage without restarting a server other tests share. Loopback only.
import net from "node:net";

export interface TcpProxy {
  /** Connection string of `targetUrl` with its host and port pointed at the proxy. */
  readonly url: string;
  readonly port: number;
  /** Destroys every open connection and refuses new ones until `restore()`. */
  cut(): void;
  restore(): void;
  readonly isCut: boolean;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const targetHost = target.hostname || "127.0.0.1";
  const targetPort = Number(target.port || 5432);
  const sockets = new Set<net.Socket>();
  let cut = false;

  const server = net.createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      // A cut resets both ends; the application sees it on its own socket, not here.
      socket.on("error", () => socket.destroy());
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as net.AddressInfo;
  const url = Object.assign(new URL(targetUrl), { hostname: "127.0.0.1", port: String(port) });

  return {
    url: url.toString(),
    port,
    get isCut() {
      return cut;
    },
    cut() {
      cut = true;
      // resetAndDestroy is what a server crash looks like to the client: an abrupt RST, no goodbye.
      for (const socket of sockets) socket.resetAndDestroy();
      sockets.clear();
    },
    restore() {
      cut = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
