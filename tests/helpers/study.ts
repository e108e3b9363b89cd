import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { call } from "./db";
import * as studiesRoute from "@/app/api/v1/projects/[slug]/studies/route";
import * as participantRoute from "@/app/api/v1/studies/[id]/participant/route";
import * as consentRoute from "@/app/api/v1/studies/[id]/participant/consent/route";
import * as instructionsRoute from "@/app/api/v1/studies/[id]/participant/instructions/route";
import * as nextRoute from "@/app/api/v1/studies/[id]/participant/next/route";
import * as answerRoute from "@/app/api/v1/studies/[id]/participant/answer/route";

export type Study = { id: string; key: string; url: string };
export type Served = { id: string; question: string; choices: string[] };

/** A participant's browser: its cookie jar for one study and its address. */
export type Browser = { study: Study; cookie: string | null; address: string };

let addresses = 0;
export const browser = (study: Study): Browser => ({
  study,
  cookie: null,
  address: `10.9.${addresses >> 8}.${addresses++ & 255}`,
});

const base = (study: Study) => `http://localhost/api/v1/studies/${study.id}`;

function headers(b: Browser) {
  return {
    "sec-fetch-site": "same-origin",
    "x-forwarded-for": b.address,
    ...(b.cookie ? { cookie: b.cookie } : {}),
  };
}

/** Keeps the study cookie a response sets, as a browser would. */
function keepCookie(b: Browser, res: { headers: Headers }) {
  const set = res.headers.get("set-cookie");
  if (set) b.cookie = set.split(";")[0];
}

export async function createStudy(slug: string, auth: Record<string, string>, body: Record<string, unknown>) {
  const res = await call(studiesRoute.POST, {
    method: "POST",
    url: `http://localhost/api/v1/projects/${slug}/studies`,
    params: { slug },
    headers: auth,
    body: { name: "Study", completionCode: "DONE-CODE", ...body },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as unknown as Study;
}

export async function enter(b: Browser, ids: Record<string, string>) {
  const res = await call(participantRoute.POST, {
    method: "POST",
    url: base(b.study) + "/participant",
    params: { id: b.study.id },
    headers: headers(b),
    body: { key: b.study.key, ...ids },
  });
  keepCookie(b, res);
  return res;
}

const post = (handler: Parameters<typeof call>[0], path: string) => (b: Browser, body?: unknown) =>
  call(handler, { method: "POST", url: base(b.study) + path, params: { id: b.study.id }, headers: headers(b), body });

export const state = (b: Browser) =>
  call(participantRoute.GET, { url: base(b.study) + "/participant", params: { id: b.study.id }, headers: headers(b) });
export const consent = (b: Browser) => post(consentRoute.POST, "/participant/consent")(b, { consent: true });
export const instructions = post(instructionsRoute.POST, "/participant/instructions");
export const next = post(nextRoute.POST, "/participant/next");
export const answer = (b: Browser, itemId: string, values: Record<string, unknown>) =>
  post(answerRoute.POST, "/participant/answer")(b, { itemId, clientId: randomUUID(), durationMs: 1500, ...values });

/** Enters with a Prolific id and goes through consent and instructions. */
export async function arrive(study: Study, pid: string) {
  const b = browser(study);
  expect((await enter(b, { PROLIFIC_PID: pid, STUDY_ID: "s1", SESSION_ID: `sess-${pid}` })).status).toBe(201);
  expect((await consent(b)).status).toBe(200);
  expect((await instructions(b)).status).toBe(200);
  return b;
}

type NextJson = {
  kind: string;
  item?: Served;
  completion?: { status: string; code: string | null; url: string | null };
};
export async function nextJson(b: Browser): Promise<NextJson> {
  const res = await next(b);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as unknown as NextJson;
}
