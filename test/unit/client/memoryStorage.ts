/** A Web Storage kept in a Map, for code that remembers things in localStorage or sessionStorage. */
export function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() { return items.size; },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => { items.delete(k); },
    setItem: (k, v) => { items.set(k, String(v)); },
  };
}

/** Storage the browser refuses to let the page use. */
export function blockedStorage(): Storage {
  const denied = () => { throw new Error("denied"); };
  return { ...memoryStorage(), getItem: denied, setItem: denied, removeItem: denied };
}
