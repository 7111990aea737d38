/**
 * The URL when it is an absolute http or https one, else undefined: a check's links come from
 * definition files, and a `javascript:` or `data:` URL must never become a clickable href.
 */
export function safeHttpUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:'
      ? parsed.href
      : undefined;
  } catch {
    return undefined;
  }
}

/** The UTC day `days` before `now`, as `YYYY-MM-DD` (GraphQL's Date). */
export function utcDayBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}
