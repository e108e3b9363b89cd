-- CreateEnum
CREATE TYPE "ParticipantStatus" AS ENUM ('CONSENT', 'INSTRUCTIONS', 'TRAINING', 'LABELLING', 'FAILED_TRAINING', 'COMPLETED', 'TIMED_OUT');

-- CreateEnum
CREATE TYPE "StudyItemKind" AS ENUM ('PRACTICE', 'ATTENTION');

-- CreateTable
CREATE TABLE "Study" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "consentText" TEXT NOT NULL DEFAULT '',
    "instructions" TEXT NOT NULL DEFAULT '',
    "closedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Study_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudyItem" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "kind" "StudyItemKind" NOT NULL,
    "position" INTEGER NOT NULL,
    "question" TEXT NOT NULL,
    "choices" TEXT[],
    "answerIndex" INTEGER NOT NULL,
    "explanation" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "StudyItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Participant" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "platformPid" TEXT NOT NULL,
    "platformStudyId" TEXT,
    "platformSessionId" TEXT,
    "status" "ParticipantStatus" NOT NULL DEFAULT 'CONSENT',
    "sessionNonce" TEXT NOT NULL,
    "sessionSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "currentItemId" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "consentedAt" TIMESTAMP(3),
    "trainingEndedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Participant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudyResponse" (
    "id" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "studyItemId" TEXT NOT NULL,
    "kind" "StudyItemKind" NOT NULL,
    "softLabel" DOUBLE PRECISION[],
    "correct" BOOLEAN NOT NULL,
    "brier" DOUBLE PRECISION NOT NULL,
    "durationMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StudyResponse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Study_key_key" ON "Study"("key");

-- CreateIndex
CREATE INDEX "Study_projectId_idx" ON "Study"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "StudyItem_studyId_kind_position_key" ON "StudyItem"("studyId", "kind", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Participant_userId_key" ON "Participant"("userId");

-- CreateIndex
CREATE INDEX "Participant_studyId_status_idx" ON "Participant"("studyId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Participant_studyId_platform_platformPid_key" ON "Participant"("studyId", "platform", "platformPid");

-- CreateIndex
CREATE INDEX "StudyResponse_participantId_kind_idx" ON "StudyResponse"("participantId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "StudyResponse_participantId_studyItemId_key" ON "StudyResponse"("participantId", "studyItemId");

-- AddForeignKey
ALTER TABLE "Study" ADD CONSTRAINT "Study_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudyItem" ADD CONSTRAINT "StudyItem_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Participant" ADD CONSTRAINT "Participant_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Participant" ADD CONSTRAINT "Participant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudyResponse" ADD CONSTRAINT "StudyResponse_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudyResponse" ADD CONSTRAINT "StudyResponse_studyItemId_fkey" FOREIGN KEY ("studyItemId") REFERENCES "StudyItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

