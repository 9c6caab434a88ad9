// The queue REST API from a staff page (operator console, admin): JSON in and
// out, the CSRF header on every write, and errors as Russian sentences for people.

const NETWORK_MESSAGE = "Нет связи с сервером. Проверьте сеть и повторите действие.";
export const FALLBACK_MESSAGE = "Сервер не смог выполнить действие. Повторите попытку.";
const LOGIN_URL = "/login?next=/operator";

/** A refused or failed request; `message` is ready to show to the operator. */
export class ApiError extends Error {
  constructor(message, code, status, fields) {
    super(message);
    this.code = code;
    this.status = status;
    this.fields = fields || {};  // per-field Russian messages of a 422
  }
}

/** Read the JSON body of a response, or null when there is none. */
async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** An API client bound to this page's CSRF token; a 401 sends the user to `loginUrl`. */
export function createApi(csrfToken, loginUrl = LOGIN_URL) {
  /** One request to /api/v1; resolves with the JSON body (null for 204). */
  async function request(method, path, body) {
    const headers = { Accept: "application/json" };
    if (method !== "GET") {
      headers["Content-Type"] = "application/json";
      headers["X-CSRF-Token"] = csrfToken;
    }
    let response;
    try {
      response = await fetch(`/api/v1${path}`, {
        method, headers, credentials: "same-origin",
        body: method === "GET" ? undefined : JSON.stringify(body || {}),
      });
    } catch {
      throw new ApiError(NETWORK_MESSAGE, "network", 0);
    }
    if (response.status === 401) {
      window.location.assign(loginUrl);  // the session has ended: log in again
    }
    if (response.status === 204) return null;
    const payload = await readJson(response);
    if (!response.ok) {
      const error = payload && payload.error;
      throw new ApiError(error && error.message ? error.message : FALLBACK_MESSAGE,
        error ? error.code : `http_${response.status}`, response.status, error && error.fields);
    }
    return payload;
  }

  return {
    get: (path) => request("GET", path),
    post: (path, body) => request("POST", path, body),
  };
}

/**
 * The staff Socket.IO connection (the session cookie authenticates it);
 * `onOnline(true|false)` follows the connection, and a refused connection
 * (the session has ended) sends the user to `loginUrl`.
 */
export function connectStaffSocket(officeId, onOnline, loginUrl = LOGIN_URL) {
  const socket = io({ transports: ["websocket", "polling"], auth: { office_id: officeId } });
  socket.on("connect", () => onOnline(true));
  socket.on("disconnect", () => onOnline(false));
  socket.on("connect_error", () => {
    onOnline(false);
    if (!socket.active) window.location.assign(loginUrl);
  });
  return socket;
}
