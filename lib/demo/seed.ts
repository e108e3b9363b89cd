import "server-only";
import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { createUser } from "@/lib/auth/users";
import { parseItems } from "@/lib/items";
import { importItems } from "@/lib/items/store";
import { createProject } from "@/lib/projects/service";
import { latentDifficulty, seededRandom, SIMULATED_SKILLS, simulateLabel } from "./simulate";

export const DEMO_SLUG = "demo";
const dataDir = path.join(process.cwd(), "lib", "demo", "data");

export type DemoAccount = { role: string; email: string; password: string };

const INSTRUCTIONS = `**Welcome to the Hardlab demo.** For each question:

1. Read the question and the options. Do not look the answer up.
2. Put a probability on each option (the soft label). Put 100% on one option only when you are sure; spread it when you are not.
3. Rate the **grade level** at which the question is taught, the **Bloom skill** it needs, the **number of reasoning steps** and an **expert difficulty** from 1 (low) to 3 (high) relative to that grade.

Press \`?\` for keyboard shortcuts. Math renders as LaTeX, e.g. $E = mc^2$.`;

/**
 * Seeds the demo project from the bundled MMLU STEM-5 and GSM8K samples (through the real importers), three demo
 * accounts, and labels from five clearly named simulated annotators (noise model in simulate.ts).
 */
export async function seedDemo(
  prisma: Db,
  opts: { passwords?: Partial<Record<"admin" | "researcher" | "annotator", string>> } = {},
): Promise<DemoAccount[]> {
  if (await prisma.project.findUnique({ where: { slug: DEMO_SLUG } }))
    throw new Error(`A project "${DEMO_SLUG}" already exists; the demo is seeded once`);
  const password = (role: "admin" | "researcher" | "annotator") =>
    opts.passwords?.[role] ?? randomBytes(9).toString("base64url");
  const accounts: DemoAccount[] = [
    { role: "admin", email: "admin@demo.hardlab", password: password("admin") },
    { role: "researcher", email: "researcher@demo.hardlab", password: password("researcher") },
    { role: "annotator", email: "annotator@demo.hardlab", password: password("annotator") },
  ];
  const users = [];
  for (const a of accounts)
    users.push(
      await createUser(prisma, {
        email: a.email,
        password: a.password,
        name: `Demo ${a.role}`,
        admin: a.role === "admin",
      }),
    );

  const project = await createProject(prisma, users[0].id, {
    name: "Demo: MMLU STEM-5 and GSM8K",
    slug: DEMO_SLUG,
    description: "Bundled real questions (MMLU STEM-5, GSM8K; MIT) with labels from five simulated annotators.",
    instructions: INSTRUCTIONS,
    settings: { k: 3, goldRate: 0.15 },
  });
  await prisma.membership.createMany({
    data: [
      { projectId: project.id, userId: users[1].id, role: "RESEARCHER" },
      { projectId: project.id, userId: users[2].id, role: "ANNOTATOR" },
    ],
  });

  for (const file of (await readdir(path.join(dataDir, "mmlu"))).sort()) {
    const full = path.join(dataDir, "mmlu", file);
    await importItems(prisma, project.id, parseItems("mmlu-csv", createReadStream(full), { fileName: file }), "skip");
  }
  await importItems(
    prisma,
    project.id,
    parseItems("gsm8k-jsonl", createReadStream(path.join(dataDir, "gsm8k_test_sample.jsonl"))),
    "skip",
  );
  // Every fifth MMLU question is a gold item, for calibration feedback and the quality page.
  await prisma.$executeRaw`UPDATE "Item" SET "isGold" = true WHERE "projectId" = ${project.id} AND source = 'mmlu'
    AND split_part("externalId", '-', 2)::int % 5 = 0`;

  await simulateAnnotations(prisma, project.id);
  return accounts;
}

async function simulateAnnotations(prisma: Db, projectId: string) {
  const simulated = [];
  for (let j = 0; j < SIMULATED_SKILLS.length; j++) {
    simulated.push(await prisma.user.create({ data: { name: `Simulated annotator ${j + 1}`, external: true } }));
  }
  const items = await prisma.item.findMany({
    where: { projectId },
    orderBy: { externalId: "asc" },
    select: { id: true, choices: true, answerIndex: true, answerText: true, source: true, metadata: true },
  });
  const rng = seededRandom(20240611);
  const rows = [];
  const start = Date.now() - 3 * 86_400_000;
  for (const [n, item] of items.entries()) {
    const sim = { ...item, choices: item.choices.length, metadata: item.metadata as Record<string, unknown> };
    const z = latentDifficulty(sim, rng.next);
    // 85% of items get all three labels; the rest keep work in the queue for the real demo annotator.
    const count = rng.next() < 0.85 ? 3 : Math.floor(rng.next() * 3);
    const order = [0, 1, 2, 3, 4].sort(() => rng.next() - 0.5).slice(0, count);
    for (const j of order) {
      const label = simulateLabel(sim, z, j, rng);
      rows.push({
        projectId,
        itemId: item.id,
        annotatorId: simulated[j].id,
        clientId: `simulated-${item.id}`,
        ...label,
        createdAt: new Date(start + n * 600_000 + j * 60_000),
      });
    }
  }
  await prisma.annotation.createMany({ data: rows });
  await prisma.$executeRaw`UPDATE "Item" i SET "doneCount" = c.n FROM (
    SELECT "itemId", count(*)::int AS n FROM "Annotation" WHERE "projectId" = ${projectId} AND "supersededAt" IS NULL GROUP BY "itemId") c
    WHERE i.id = c."itemId"`;
}
