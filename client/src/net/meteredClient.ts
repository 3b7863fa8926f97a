// Byte and message counting at the SDK's transport boundary. The SDK builds each room
// with Client.createRoom() and opens its socket in Room.connect(); overriding both lets
// us wrap the room's Connection before the socket opens, so the join handshake and the
// first full state are counted too. What is counted is WebSocket message payloads, in
// both directions: frame headers, TCP/IP and the HTTP matchmaking request are not.
import { Client, Room } from "@colyseus/sdk";

export interface TrafficCounters {
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
}

type Connection = Room["connection"];

export const emptyTraffic = (): TrafficCounters => ({ bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 });

/** Wraps a connection's send paths and its message handler to count payloads. */
export function meterConnection(connection: Connection, counters: TrafficCounters): void {
  const send = connection.send.bind(connection);
  const sendUnreliable = connection.sendUnreliable.bind(connection);
  connection.send = (data) => {
    counters.bytesOut += data.byteLength;
    counters.messagesOut++;
    send(data);
  };
  connection.sendUnreliable = (data) => {
    counters.bytesOut += data.byteLength;
    counters.messagesOut++;
    sendUnreliable(data);
  };
  const onMessage = connection.events.onmessage;
  connection.events.onmessage = (event: { data: ArrayBuffer | ArrayBufferView }) => {
    counters.bytesIn += event.data.byteLength;
    counters.messagesIn++;
    return onMessage?.(event);
  };
}

class MeteredRoom<State> extends Room<any, State> {
  constructor(name: string, rootSchema: (new () => State) | undefined, private readonly counters: TrafficCounters) {
    super(name, rootSchema as never);
  }

  override connect(endpoint: string, options?: any, headers?: any): void {
    super.connect(endpoint, options, headers);
    meterConnection(this.connection, this.counters);
  }
}

/** A Client whose rooms count their traffic into `counters` (shared by all rooms of this client). */
export class MeteredClient extends Client {
  constructor(endpoint: string, readonly counters: TrafficCounters = emptyTraffic()) {
    super(endpoint);
  }

  protected override createRoom<T>(roomName: string, rootSchema?: new () => T): Room<any, T> {
    return new MeteredRoom<T>(roomName, rootSchema, this.counters);
  }
}
