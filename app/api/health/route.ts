import { anonymous, endpoint, json } from "@/lib/api/endpoint";
import { databaseHealth } from "@/lib/db/health";

export const dynamic = "force-dynamic";

export const GET = endpoint({
  method: "GET",
  path: "/api/health",
  access: anonymous("liveness and database probe for load balancers"),
  rateLimit: "none",
  doc: {
    tag: "Meta",
    summary: "Liveness and database health",
    responses: { 200: "`{ok: true, database}`", 503: "`{ok: false, database}`: the database is down" },
  },
  handler: async () => {
    const health = await databaseHealth();
    return json(health, health.ok ? 200 : 503, health.ok ? {} : { "Retry-After": "5" });
  },
});
