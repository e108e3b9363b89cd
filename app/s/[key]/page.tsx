import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StudyParticipant } from "@/components/studies/StudyParticipant";
import { db } from "@/lib/db";
import { studyIntro } from "@/lib/studies/service";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Study", robots: { index: false } };

/** The public study link: participants arrive here from Prolific, MTurk or any platform, with no account. */
export default async function StudyPage({ params }: { params: Promise<{ key: string }> }) {
  const intro = await studyIntro(await db(), (await params).key);
  if (!intro) notFound();
  return (
    <main id="main" className="container">
      <StudyParticipant {...intro} />
    </main>
  );
}
