-- AlterTable
ALTER TABLE "Lesson" ADD COLUMN     "attendanceCheckedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Exemption" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,
    "subjectId" INTEGER,
    "fromDate" DATE NOT NULL,
    "toDate" DATE NOT NULL,
    "reason" TEXT,
    "createdBy" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Exemption_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Exemption_studentId_fromDate_idx" ON "Exemption"("studentId", "fromDate");

-- CreateIndex
CREATE INDEX "Exemption_schoolId_idx" ON "Exemption"("schoolId");

-- AddForeignKey
ALTER TABLE "Exemption" ADD CONSTRAINT "Exemption_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exemption" ADD CONSTRAINT "Exemption_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exemption" ADD CONSTRAINT "Exemption_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Subject"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Year, exam and final marks have no period: one such mark per student, subject, year and kind (R-JRN-7)
CREATE UNIQUE INDEX "FinalMark_one_without_period" ON "FinalMark"("studentId", "subjectId", "yearId", "kind") WHERE "periodId" IS NULL;

-- Lesson marks are 1 to 5 (R-JRN-1): the check "Mark_value_range" is already in the first migration.

-- The journal grid asks which of its cells were ever corrected: a small index over corrections only
CREATE INDEX "AuditLog_corrections" ON "AuditLog"("schoolId", "entity", "entityId") WHERE ("action" <> 'create' OR "reason" IS NOT NULL);
