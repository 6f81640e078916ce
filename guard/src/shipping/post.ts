export type PostResult =
  | { kind: "ok" }
  | { kind: "retry"; message: string; retryAfterMs?: number }
  | { kind: "malformed"; message: string };

/**
 * POSTs NDJSON lines to /api/v1/events. A 413 splits the batch; 400 and 415 mean the batch
 * itself is wrong and retrying cannot help; anything else (network, 401/403 while a key is
 * being fixed, 429, 5xx) is retried later with the same ids.
 */
export async function postBatch(
  o: { url: string; key: string; requestTimeoutMs: number },
  lines: string[],
): Promise<PostResult> {
  let res: Response;
  try {
    res = await fetch(`${o.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${o.key}`, "content-type": "application/x-ndjson" },
      body: lines.join("\n"),
      signal: AbortSignal.timeout(o.requestTimeoutMs),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { kind: "retry", message: cause ?? (err as Error).message };
  }
  const text = await res.text().catch(() => "");
  if (res.status === 200 || res.status === 202) return { kind: "ok" };
  if (res.status === 413 && lines.length > 1) {
    const half = Math.ceil(lines.length / 2);
    const a = await postBatch(o, lines.slice(0, half));
    if (a.kind !== "ok") return a;
    return postBatch(o, lines.slice(half));
  }
  const detail = `HTTP ${res.status}${problemTitle(text)}`;
  if (res.status === 400 || res.status === 415 || res.status === 413)
    return { kind: "malformed", message: detail };
  const after = Number(res.headers.get("retry-after"));
  return {
    kind: "retry",
    message: detail,
    retryAfterMs: Number.isFinite(after) && after > 0 ? Math.min(after, 300) * 1000 : undefined,
  };
}

function problemTitle(text: string): string {
  try {
    const p = JSON.parse(text) as { title?: string; detail?: string };
    return p.detail ? `: ${p.detail}` : p.title ? `: ${p.title}` : "";
  } catch {
    return "";
  }
}
