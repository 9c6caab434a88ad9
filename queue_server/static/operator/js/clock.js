// The server's clock as seen from this page: waits and timers are measured on
// the server's time, so a wrong clock on the operator's PC does not distort them.

let offsetMs = 0;

/** Learn the offset from a server timestamp that means "now" (e.g. a fresh call). */
export function observeServerNow(isoStamp) {
  const stamp = Date.parse(isoStamp || "");
  if (!Number.isNaN(stamp)) offsetMs = stamp - Date.now();
}

/** The current moment on the server's clock, in milliseconds since the epoch. */
export function serverNow() {
  return Date.now() + offsetMs;
}

/** Seconds from an ISO timestamp until now on the server's clock (never negative). */
export function secondsSince(isoStamp) {
  const stamp = Date.parse(isoStamp || "");
  if (Number.isNaN(stamp)) return 0;
  return Math.max(0, (serverNow() - stamp) / 1000);
}
