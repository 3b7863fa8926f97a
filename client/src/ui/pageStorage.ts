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
