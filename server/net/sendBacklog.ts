// A client that stops reading (a stalled tab, a dead link the kernel has not noticed, a
// hostile client that never reads) makes the server queue every patch for it. The queue is
// bounded: past the limit the client is closed, and its queued bytes are freed.

/** What a ws WebSocket tells about its outgoing side. */
export interface SendQueue {
  /** Bytes waiting to be written: socket buffer plus frames not yet handed to it. */
  readonly bufferedAmount: number;
  /** 1 while open; a socket already closing is on its way out and not counted again. */
  readonly readyState: number;
}

const OPEN = 1;

/** The open clients whose queued bytes exceed `maxBytes`. */
export function findSlowConsumers<C>(clients: Iterable<C>, queueOf: (client: C) => SendQueue | undefined, maxBytes: number): C[] {
  const slow: C[] = [];
  for (const client of clients) {
    const queue = queueOf(client);
    if (queue && queue.readyState === OPEN && queue.bufferedAmount > maxBytes) slow.push(client);
  }
  return slow;
}
