// ?lag=<round trip ms>&jitter=<ms per direction> makes this tab play over a slow network:
// every WebSocket it opens delays what it sends and what it receives, in order. Imported
// first by main.ts because the Colyseus SDK captures globalThis.WebSocket when it loads;
// so this module must never import the SDK itself. Without the parameters it does nothing.
import {
  DelayedQueue, DelayLine, symmetricProfile, systemClock, type Clock, type DelayProfile,
} from "../../../shared/delayLine.ts";

export interface SimulatedLatency {
  /** Added round trip: each direction gets half. */
  rttMs: number;
  /** Per direction: each message's delay varies by ± this much. */
  jitterMs: number;
}

export const MAX_SIMULATED_MS = 5000;

interface ParamReading {
  latency: SimulatedLatency | null;
  /** Why the parameters given were ignored, for a console warning. */
  problem: string | null;
}

function readLatencyParams(search: string): ParamReading {
  const params = new URLSearchParams(search);
  const lag = params.get("lag");
  const jitter = params.get("jitter");
  if (lag === null) {
    return { latency: null, problem: jitter === null ? null : "?jitter= does nothing without ?lag=: no latency simulated" };
  }
  const rttMs = toMs(lag);
  const jitterMs = jitter === null ? 0 : toMs(jitter);
  if (rttMs === null || jitterMs === null) {
    const given = `lag=${lag}${jitter === null ? "" : `&jitter=${jitter}`}`;
    return { latency: null, problem: `ignoring ?${given}: both must be numbers of ms from 0 to ${MAX_SIMULATED_MS}` };
  }
  return { latency: { rttMs, jitterMs }, problem: null };
}

function toMs(text: string): number | null {
  const value = text.trim() === "" ? NaN : Number(text);
  return Number.isFinite(value) && value >= 0 && value <= MAX_SIMULATED_MS ? value : null;
}

/** The latency asked for by a page's query string, or null when absent or invalid. */
export function parseLatencyParams(search: string): SimulatedLatency | null {
  return readLatencyParams(search).latency;
}

/** "+150 ms ±30": short enough for a corner of the screen. */
export function formatSimulatedLatency({ rttMs, jitterMs }: SimulatedLatency): string {
  return jitterMs > 0 ? `+${rttMs} ms ±${jitterMs}` : `+${rttMs} ms`;
}

type Handler = ((event: Event) => unknown) | null;
type SendData = Parameters<WebSocket["send"]>[0];
type EventName = "open" | "message" | "close" | "error";
const EVENT_NAMES: readonly EventName[] = ["open", "message", "close", "error"];

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/**
 * A WebSocket class whose instances wrap one of `Inner` and pass traffic through two delay
 * lines: `up` for send(), `down` for every event (open, message, error, close), so the page
 * sees the socket open, talk and close late, in order. close() itself is not delayed.
 */
export function createLaggedWebSocketClass(
  Inner: typeof WebSocket,
  profiles: { up: DelayProfile; down: DelayProfile },
  random: () => number = Math.random,
  clock: Clock = systemClock,
): typeof WebSocket {
  class LaggedWebSocket extends EventTarget {
    static readonly CONNECTING = CONNECTING;
    static readonly OPEN = OPEN;
    static readonly CLOSING = CLOSING;
    static readonly CLOSED = CLOSED;
    readonly CONNECTING = CONNECTING;
    readonly OPEN = OPEN;
    readonly CLOSING = CLOSING;
    readonly CLOSED = CLOSED;

    onopen: Handler = null;
    onmessage: Handler = null;
    onclose: Handler = null;
    onerror: Handler = null;

    readonly #inner: WebSocket;
    #readyState = CONNECTING;
    /** Bytes sent but still in the up line; part of bufferedAmount, as on a slow link. */
    #delayedBytes = 0;
    readonly #up: DelayedQueue<SendData>;
    readonly #down: DelayedQueue<Event>;

    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super();
      // Forwarded untouched, so it throws exactly when the real one does: the SDK first
      // tries Node-style options and relies on a browser's WebSocket rejecting them.
      const inner = new Inner(...args);
      this.#inner = inner;
      this.#up = new DelayedQueue(new DelayLine(profiles.up, random), (data: SendData) => this.#transmit(data), clock);
      this.#down = new DelayedQueue(new DelayLine(profiles.down, random), (event: Event) => this.#arrive(event), clock);
      // Registered before anyone else can listen, so on<event> runs first, as on a real socket.
      for (const name of EVENT_NAMES) {
        super.addEventListener(name, (event) => this.#handlerFor(name)?.call(this, event));
      }
      inner.onopen = () => this.#down.push(new Event("open"));
      inner.onmessage = (event) => this.#down.push(copyMessageEvent(event));
      inner.onerror = () => this.#down.push(new Event("error"));
      inner.onclose = (event) => this.#down.push(copyCloseEvent(event));
    }

    get readyState(): number { return this.#readyState; }
    get url(): string { return this.#inner.url; }
    get protocol(): string { return this.#inner.protocol; }
    get extensions(): string { return this.#inner.extensions; }
    get bufferedAmount(): number { return this.#inner.bufferedAmount + this.#delayedBytes; }
    get binaryType(): BinaryType { return this.#inner.binaryType; }
    set binaryType(value: BinaryType) { this.#inner.binaryType = value; }

    send(data: SendData): void {
      if (this.#readyState === CONNECTING) throw new DOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", "InvalidStateError");
      if (this.#readyState !== OPEN) return; // a closing socket discards, like a real one
      // Callers may reuse their buffer as soon as send() returns (the SDK does): keep a copy.
      const copy = snapshot(data);
      this.#delayedBytes += byteSize(copy);
      this.#up.push(copy);
    }

    close(code?: number, reason?: string): void {
      this.#inner.close(code, reason);
      if (this.#readyState !== CLOSED) this.#readyState = CLOSING;
    }

    #transmit(data: SendData): void {
      this.#delayedBytes -= byteSize(data);
      // The real socket closed while this was on its way: lost, as it would be on a network.
      if (this.#inner.readyState === OPEN) this.#inner.send(data);
    }

    #arrive(event: Event): void {
      if (event.type === "open") {
        if (this.#readyState !== CONNECTING) return; // closed by the page before it heard of the open
        this.#readyState = OPEN;
      } else if (event.type === "close") {
        this.#readyState = CLOSED;
        this.#up.stop();
        this.#delayedBytes = 0;
      }
      this.dispatchEvent(event);
    }

    #handlerFor(name: EventName): Handler {
      switch (name) {
        case "open": return this.onopen;
        case "message": return this.onmessage;
        case "close": return this.onclose;
        case "error": return this.onerror;
      }
    }
  }
  return LaggedWebSocket as unknown as typeof WebSocket;
}

function copyMessageEvent(event: MessageEvent): Event {
  const { data, origin, lastEventId } = event;
  if (typeof MessageEvent === "function") return new MessageEvent("message", { data, origin, lastEventId });
  return Object.assign(new Event("message"), { data, origin, lastEventId }); // hosts without MessageEvent (Node 20)
}

function copyCloseEvent(event: CloseEvent): Event {
  const { code, reason, wasClean } = event;
  if (typeof CloseEvent === "function") return new CloseEvent("close", { code, reason, wasClean });
  return Object.assign(new Event("close"), { code, reason, wasClean });
}

function snapshot(data: SendData): SendData {
  if (typeof data === "string" || (typeof Blob === "function" && data instanceof Blob)) return data; // immutable
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice() as Uint8Array<ArrayBuffer>;
  return data.slice(0);
}

function byteSize(data: SendData): number {
  if (typeof data === "string") return new TextEncoder().encode(data).byteLength;
  if (typeof Blob === "function" && data instanceof Blob) return data.size;
  return (data as ArrayBufferLike | ArrayBufferView).byteLength;
}

/** Where the module looks for its parameters and the WebSocket to wrap: the page's globals. */
export interface LatencyScope {
  location?: { search: string };
  WebSocket?: typeof WebSocket;
}

/**
 * Replaces scope.WebSocket with a lagged one when scope.location asks for it, warning once
 * about parameters it ignores. Returns the latency now simulated, or null.
 */
export function installSimulatedLatency(scope: LatencyScope, warn: (message: string) => void = console.warn): SimulatedLatency | null {
  if (!scope.location || typeof scope.WebSocket !== "function") return null;
  const { latency, problem } = readLatencyParams(scope.location.search);
  if (problem) warn(`Simulated latency: ${problem}`);
  if (!latency || (latency.rttMs === 0 && latency.jitterMs === 0)) return null;
  scope.WebSocket = createLaggedWebSocketClass(scope.WebSocket, symmetricProfile(latency.rttMs, latency.jitterMs));
  return latency;
}

const simulated = installSimulatedLatency(globalThis as LatencyScope);
if (simulated) console.info(`Simulating network latency on every WebSocket: ${formatSimulatedLatency(simulated)}`);

/** "+150 ms ±30" when this page simulates latency, null otherwise: for the UI to say so. */
export function describeSimulatedLatency(): string | null {
  return simulated ? formatSimulatedLatency(simulated) : null;
}
