// Display of instants in China time (UTC+8, no DST), for people; storage stays UTC milliseconds.

/** `YYYY-MM-DD HH:mm` in Asia/Shanghai. */
export function shanghaiDateTime(instantMs: number): string {
  return new Date(instantMs + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
}
