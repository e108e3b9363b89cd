import { headers } from "next/headers";
import { CopyLink } from "@/components/studies/CopyLink";
import { NewStudy } from "@/components/studies/NewStudy";
import { StudyCloseButton } from "@/components/studies/StudyCloseButton";
import { StudyForm } from "@/components/studies/StudyForm";
import { db } from "@/lib/db";
import { decimal } from "@/lib/format";
import { pageAccess } from "@/lib/projects/page-access";
import { studyCounts, studyPayments } from "@/lib/studies/payments";
import { readStudySettings } from "@/lib/studies/schemas";
import { studyFormValues } from "@/lib/studies/form";
import { listStudies, studyItemsOf, studyUrl } from "@/lib/studies/service";

export const dynamic = "force-dynamic";
export const metadata = { title: "Studies" };

/** Crowd studies of the project: their links, who is where, time per item, attention failures and what is owed. */
export default async function StudiesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project } = await pageAccess(slug, "RESEARCHER");
  const prisma = await db();
  const host = (await headers()).get("host") ?? "localhost";
  const studies = await listStudies(prisma, project.id);
  const items = await studyItemsOf(
    prisma,
    studies.map((s) => s.id),
  );
  const dashboards = await Promise.all(
    studies.map(async (study) => {
      const settings = readStudySettings(study.settings);
      const payments = await studyPayments(prisma, study.id, settings);
      const form = studyFormValues(
        { ...study, settings },
        items.filter((it) => it.studyId === study.id),
      );
      return { study, settings, payments, form, counts: await studyCounts(prisma, study.id, payments) };
    }),
  );
  return (
    <div className="stack">
      <h2 className="mt-0">Crowd studies</h2>
      {studies.length === 0 && (
        <p className="muted">
          No studies yet. A study is a public link to give to Prolific, MTurk or any platform: participants label this
          project&apos;s items without an account. Create one below (or with{" "}
          <code>POST /api/v1/projects/{slug}/studies</code>).
        </p>
      )}
      <NewStudy slug={slug} open={studies.length === 0} />
      {dashboards.map(({ study, settings, payments, form, counts }) => (
        <section key={study.id} className="card stack" aria-labelledby={`study-${study.id}`}>
          <h3 id={`study-${study.id}`} className="flush">
            {study.name} {study.closedAt ? <span className="muted small">(closed)</span> : null}
          </h3>
          <CopyLink url={studyUrl(study.key, `http://${host}`)} label={`Public link of ${study.name}`} />
          <p className="small flush">
            Quota {settings.quota} items{settings.maxMinutes ? ` · ${settings.maxMinutes} minutes` : ""} · bonus up to{" "}
            {settings.maxBonus} {settings.currency} per gold item
          </p>
          <dl className="study-counts grid">
            {(
              [
                ["Started", counts.started],
                ["In training", counts.inTraining],
                ["Failed training", counts.failedTraining],
                ["Labelling", counts.labelling],
                ["Finished", counts.finished],
                ["Timed out", counts.timedOut],
                ["Median s per item", decimal(counts.medianSecondsPerItem, 1)],
                ["Attention failures", counts.attentionFailures],
                ["Base total", `${counts.baseTotal.toFixed(2)} ${settings.currency}`],
                ["Bonus total", `${counts.bonusTotal.toFixed(2)} ${settings.currency}`],
              ] as const
            ).map(([label, value]) => (
              <div key={label}>
                <dt className="small muted">{label}</dt>
                <dd className="flush">{value}</dd>
              </div>
            ))}
          </dl>
          <div className="row">
            <a className="btn" href={`/api/v1/studies/${study.id}/payments?format=csv`} download>
              Download bonuses (Prolific CSV)
            </a>
            <a className="btn ghost" href={`/api/v1/studies/${study.id}/payments?format=json`}>
              Payments table (JSON)
            </a>
            <StudyCloseButton studyId={study.id} name={study.name} closed={study.closedAt !== null} />
          </div>
          <details className="study-edit">
            <summary>Edit the settings of {study.name}</summary>
            <StudyForm mode="edit" studyId={study.id} initial={form} started={counts.started} />
          </details>
          {payments.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption className="sr-only">Participants of {study.name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Participant</th>
                    <th scope="col">Status</th>
                    <th scope="col">Items</th>
                    <th scope="col">Minutes</th>
                    <th scope="col">Practice Brier</th>
                    <th scope="col">Gold Brier</th>
                    <th scope="col">Accuracy / confidence</th>
                    <th scope="col">Attention failed</th>
                    <th scope="col">Base</th>
                    <th scope="col">Bonus</th>
                  </tr>
                </thead>
                <tbody>
                  {payments.map((p) => (
                    <tr key={`${p.platform}:${p.participantId}`}>
                      <td>
                        <code>{p.participantId}</code> <span className="muted small">{p.platform}</span>
                      </td>
                      <td>{p.status.toLowerCase().replace("_", " ")}</td>
                      <td>{p.items}</td>
                      <td>{decimal(p.minutes, 1)}</td>
                      <td>{decimal(p.practiceBrier)}</td>
                      <td>{decimal(p.calibration?.brier)}</td>
                      <td>
                        {p.calibration
                          ? `${decimal(p.calibration.accuracy)} / ${decimal(p.calibration.meanConfidence)}`
                          : "–"}
                      </td>
                      <td>
                        {p.attentionFailures} of {p.attentionChecks}
                      </td>
                      <td>{p.base.toFixed(2)}</td>
                      <td>{p.bonus.toFixed(2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}
