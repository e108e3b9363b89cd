/**
 * Every route module of the API, for the OpenAPI document and the docs page. A test checks this list against the
 * route files on disk, so a route cannot be added without its declaration being documented.
 */
import type { EndpointDeclaration, RouteHandler } from "@/lib/api/endpoint";
import * as nextAuth from "./auth/[...nextauth]/route";
import * as health from "./health/route";
import * as adminAudit from "./v1/admin/audit/route";
import * as adminRegistration from "./v1/admin/registration/route";
import * as invite from "./v1/invites/[token]/route";
import * as password from "./v1/me/password/route";
import * as openapi from "./v1/openapi.json/route";
import * as projects from "./v1/projects/route";
import * as project from "./v1/projects/[slug]/route";
import * as annotations from "./v1/projects/[slug]/annotations/route";
import * as annotation from "./v1/projects/[slug]/annotations/[id]/route";
import * as annotationImport from "./v1/projects/[slug]/annotations/import/route";
import * as annotationExport from "./v1/projects/[slug]/annotations/export/route";
import * as itemMetadata from "./v1/projects/[slug]/items/metadata/route";
import * as annotationHistory from "./v1/projects/[slug]/annotations/history/route";
import * as correlations from "./v1/projects/[slug]/correlations/route";
import * as hardness from "./v1/projects/[slug]/hardness/route";
import * as invites from "./v1/projects/[slug]/invites/route";
import * as items from "./v1/projects/[slug]/items/route";
import * as item from "./v1/projects/[slug]/items/[itemId]/route";
import * as measures from "./v1/projects/[slug]/measures/route";
import * as members from "./v1/projects/[slug]/members/route";
import * as modelScores from "./v1/projects/[slug]/model-scores/route";
import * as quality from "./v1/projects/[slug]/quality/route";
import * as queue from "./v1/projects/[slug]/queue/route";
import * as queueFlag from "./v1/projects/[slug]/queue/flag/route";
import * as queueNext from "./v1/projects/[slug]/queue/next/route";
import * as queueSkip from "./v1/projects/[slug]/queue/skip/route";
import * as sgr from "./v1/projects/[slug]/sgr/route";
import * as splits from "./v1/projects/[slug]/splits/route";
import * as splitPreview from "./v1/projects/[slug]/splits/preview/route";
import * as register from "./v1/register/route";
import * as split from "./v1/splits/[id]/route";
import * as splitDiff from "./v1/splits/[id]/diff/route";
import * as splitExport from "./v1/splits/[id]/export/route";
import * as tokens from "./v1/tokens/route";
import * as token from "./v1/tokens/[id]/route";
import * as studies from "./v1/projects/[slug]/studies/route";
import * as study from "./v1/studies/[id]/route";
import * as studyPayments from "./v1/studies/[id]/payments/route";
import * as studyParticipant from "./v1/studies/[id]/participant/route";
import * as studyConsent from "./v1/studies/[id]/participant/consent/route";
import * as studyInstructions from "./v1/studies/[id]/participant/instructions/route";
import * as studyNext from "./v1/studies/[id]/participant/next/route";
import * as studyAnswer from "./v1/studies/[id]/participant/answer/route";
import * as studySkip from "./v1/studies/[id]/participant/skip/route";
import * as studyFlag from "./v1/studies/[id]/participant/flag/route";

export const routeModules: Record<string, unknown>[] = [
  nextAuth,
  health,
  adminAudit,
  adminRegistration,
  invite,
  password,
  openapi,
  projects,
  project,
  annotations,
  annotation,
  annotationImport,
  annotationExport,
  itemMetadata,
  annotationHistory,
  correlations,
  hardness,
  invites,
  items,
  item,
  measures,
  members,
  modelScores,
  quality,
  queue,
  queueFlag,
  queueNext,
  queueSkip,
  sgr,
  splits,
  splitPreview,
  register,
  split,
  splitDiff,
  splitExport,
  tokens,
  token,
  studies,
  study,
  studyPayments,
  studyParticipant,
  studyConsent,
  studyInstructions,
  studyNext,
  studyAnswer,
  studySkip,
  studyFlag,
];

/** The declarations of every exported method of every listed route module. */
export function endpoints(): EndpointDeclaration[] {
  return routeModules.flatMap((mod) =>
    Object.values(mod).flatMap((value) =>
      typeof value === "function" && "endpoint" in value ? [(value as RouteHandler).endpoint] : [],
    ),
  );
}
