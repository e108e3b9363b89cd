import "server-only";
import { db, databaseKind } from "./index";

/** Database status for load balancers: a round trip with a time limit. */
export async function databaseHealth() {
  const started = performance.now();
  try {
    const prisma = await withTimeout(db(), 3000);
    await withTimeout(prisma.$queryRaw`SELECT 1`, 3000);
    return {
      ok: true,
      database: { kind: databaseKind(), status: "up", latencyMs: Math.round(performance.now() - started) },
    };
  } catch (e) {
    return {
      ok: false,
      database: { kind: databaseKind(), status: "down", error: (e as Error).message.split("\n")[0] },
    };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}
