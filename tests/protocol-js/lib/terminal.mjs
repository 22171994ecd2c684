// One exam terminal connection: @microsoft/signalr over WebSockets with the JSON hub protocol,
// exactly as docs/protocol.md section 1 shows, plus a record of every push it received.
import signalR from "@microsoft/signalr";
import msgpack from "@microsoft/signalr-protocol-msgpack";
import { HubPath, Methods, Pushes } from "./protocol.mjs";

const { HubConnectionBuilder, HttpTransportType, LogLevel } = signalR;

/** How long one call may take before the scenario fails (the server is on loopback). */
const CallTimeoutMs = 15_000;

export class Terminal {
  /**
   * @param {string} baseUrl e.g. http://127.0.0.1:41234
   * @param {"json" | "messagepack"} protocol
   */
  constructor(baseUrl, protocol = "json") {
    this.baseUrl = baseUrl;
    let builder = new HubConnectionBuilder()
      .withUrl(baseUrl + HubPath, { transport: HttpTransportType.WebSockets, skipNegotiation: true })
      .configureLogging(LogLevel.None);
    if (protocol === "messagepack") {
      builder = builder.withHubProtocol(new msgpack.MessagePackHubProtocol());
    }
    this.connection = builder.build();
    /** @type {{ name: string, arg: unknown }[]} */
    this.pushes = [];
    this.waiters = [];
    for (const name of Pushes) {
      this.connection.on(name, (arg) => {
        this.pushes.push({ name, arg });
        const met = this.waiters.filter((w) => w.name === name && w.where(arg));
        this.waiters = this.waiters.filter((w) => !met.includes(w));
        for (const w of met) {
          w.resolve(arg);
        }
      });
    }
    this.closed = new Promise((resolve) => this.connection.onclose((error) => resolve(error ?? null)));
  }

  static async open(baseUrl, protocol = "json") {
    const t = new Terminal(baseUrl, protocol);
    await t.connection.start();
    return t;
  }

  get state() {
    return this.connection.state;
  }

  /** A call as the document describes it: every method answers with a reply object. */
  call(method, ...args) {
    return withTimeout(this.connection.invoke(method, ...args), CallTimeoutMs, `${method} got no reply`);
  }

  login(participantNumber, pin, terminalName = "protocol-js") {
    return this.call(Methods.Login, { participantNumber, pin, terminalName });
  }

  reattach(token, setHash) {
    return this.call(Methods.Reattach, setHash === undefined ? { token } : { token, setHash });
  }

  save(position, slot, seq) {
    return this.call(Methods.SaveAnswer, { position, slot, seq });
  }

  mark(position, doubtful, seq) {
    return this.call(Methods.MarkDoubtful, { position, doubtful, seq });
  }

  finish(confirmed) {
    return this.call(Methods.Finish, { confirmed });
  }

  clock() {
    return this.call(Methods.Clock);
  }

  saveDisplay(fontStep, highContrast, position) {
    return this.call(Methods.SaveDisplay, { fontStep, highContrast, position });
  }

  /** The first push called `name` whose argument meets `where` (one already received counts). */
  waitForPush(name, where = () => true, timeoutMs = 10_000) {
    const seen = this.pushes.find((p) => p.name === name && where(p.arg));
    if (seen) {
      return Promise.resolve(seen.arg);
    }
    return withTimeout(new Promise((resolve) => this.waiters.push({ name, where, resolve })), timeoutMs,
      `no ${name} push${where.length ? " of the kind expected" : ""} within ${timeoutMs} ms (received: ${JSON.stringify(this.pushes).slice(0, 300)})`);
  }

  async close() {
    try {
      await this.connection.stop();
    } catch {
      // already closed
    }
  }
}

export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(what)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
