import { db } from "./db";
import { DEMO_SLUG, seedDemo } from "@/lib/demo/seed";

/** The demo project in this run's database, seeded here unless another test file already did. */
export async function demoProject() {
  const prisma = await db();
  if (!(await prisma.project.findUnique({ where: { slug: DEMO_SLUG } }))) {
    try {
      await seedDemo(prisma);
    } catch (e) {
      if (!(await prisma.project.findUnique({ where: { slug: DEMO_SLUG } }))) throw e;
    }
  }
  return prisma.project.findUniqueOrThrow({ where: { slug: DEMO_SLUG } });
}
