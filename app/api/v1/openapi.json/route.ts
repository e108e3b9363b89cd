import { NextResponse } from "next/server";
import { route } from "@/lib/api/http";
import { openApiDocument } from "@/lib/api/openapi";

export const GET = route(async () =>
  NextResponse.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } }),
);
