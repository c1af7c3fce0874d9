/**
 * Polls `probe` every few milliseconds until it returns a value other than undefined, failing
 * after `timeoutMs`: for effects that arrive asynchronously (a PostgreSQL notification) without
 * sleeping a fixed time. The deadline is generous because the test machine is shared; a pass
 * usually takes a few milliseconds.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
