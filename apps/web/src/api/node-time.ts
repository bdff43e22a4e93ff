/**
 * The node's time, as its /health last said (a village PC's clock is often wrong): "today" for the checks and the
 * default periods is the node's, not the device's. Until the node has answered, the device's clock stands in.
 */
let offsetMs = 0;

export function setNodeTime(iso: string | undefined): void {
  const at = iso === undefined ? Number.NaN : Date.parse(iso);
  if (!Number.isNaN(at)) offsetMs = at - Date.now();
}

export function nodeNow(): Date {
  return new Date(Date.now() + offsetMs);
}
