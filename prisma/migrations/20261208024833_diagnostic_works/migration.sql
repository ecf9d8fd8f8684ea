-- CreateEnum
CREATE TYPE "DiagnosticKind" AS ENUM ('VPR', 'DIAGNOSTIC', 'ADMINISTRATIVE');

-- CreateTable
CREATE TABLE "DiagnosticWork" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "yearId" INTEGER NOT NULL,
    "classId" INTEGER NOT NULL,
    "subjectId" INTEGER NOT NULL,
    "kind" "DiagnosticKind" NOT NULL,
    "title" TEXT,
    "date" DATE NOT NULL,
    "maxScore" INTEGER NOT NULL,
    "score3" INTEGER NOT NULL,
    "score4" INTEGER NOT NULL,
    "score5" INTEGER NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DiagnosticWork_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DiagnosticResult" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "workId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,
    "score" INTEGER NOT NULL,
    "mark" INTEGER NOT NULL,

    CONSTRAINT "DiagnosticResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DiagnosticWork_schoolId_yearId_idx" ON "DiagnosticWork"("schoolId", "yearId");

-- CreateIndex
CREATE INDEX "DiagnosticWork_classId_subjectId_idx" ON "DiagnosticWork"("classId", "subjectId");

-- CreateIndex
CREATE INDEX "DiagnosticResult_schoolId_idx" ON "DiagnosticResult"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "DiagnosticResult_workId_studentId_key" ON "DiagnosticResult"("workId", "studentId");

-- AddForeignKey
ALTER TABLE "DiagnosticResult" ADD CONSTRAINT "DiagnosticResult_workId_fkey" FOREIGN KEY ("workId") REFERENCES "DiagnosticWork"("id") ON DELETE CASCADE ON UPDATE CASCADE;

