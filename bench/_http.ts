import http from "node:http";

/**
 * The load generators' HTTP client: node:http on kept-alive connections. It costs the machine a fraction of what
 * fetch (undici) does per request, so a closed loop on the same two cores measures the server more than the client.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

export type Answer = { status: number; text: string; json<T>(): T };

export function request(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { ...opts.headers };
    if (opts.body !== undefined) headers["content-length"] = String(Buffer.byteLength(opts.body));
    const req = http.request(url, { method: opts.method ?? "GET", headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, text, json: <T>() => JSON.parse(text) as T });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}
