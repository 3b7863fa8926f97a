// Web Storage as the page offers it: reading window.localStorage itself throws when the
// browser blocks storage, so each getter returns undefined instead.

export function localStore(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function sessionStore(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/** An item from a storage that may be missing, blocked or full: null when it cannot be read. */
export function readItem(storage: Storage | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Stores an item if the storage allows it (or removes it when `value` is null); a refusal only means it is not remembered. */
export function writeItem(storage: Storage | undefined, key: string, value: string | null): void {
  try {
    if (value === null) storage?.removeItem(key);
    else storage?.setItem(key, value);
  } catch {
    // Private browsing or a full quota.
  }
}
