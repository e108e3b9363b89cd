import { NextResponse } from "next/server";
import { databaseHealth } from "@/lib/db/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await databaseHealth();
  return NextResponse.json(health, { status: health.ok ? 200 : 503, headers: health.ok ? {} : { "Retry-After": "5" } });
}
