// The HTTP side of the protocol: one JSON request, and the error the server explained when it refused.

/** An error the server explained; `code` is the protocol's error code. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function api(method, path, body) {
  let res;
  // Every request that changes something is JSON, even without a body: the server refuses any other kind
  // from a signed-in browser, because a cross-site form can send those.
  const writes = method !== 'GET' && method !== 'HEAD';
  try {
    res = await fetch(path, {
      method,
      headers: writes ? { 'Content-Type': 'application/json' } : {},
      body: writes ? JSON.stringify(body || {}) : undefined,
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const error = data && data.error;
    throw new ApiError(res.status, error ? error.code : 'http_' + res.status,
      error ? error.message : `The server answered ${res.status}.`);
  }
  return data;
}
