-- CreateTable
CREATE TABLE "JournalRemark" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "teacherId" INTEGER NOT NULL,
    "classId" INTEGER,
    "subjectId" INTEGER,
    "month" DATE NOT NULL,
    "text" TEXT NOT NULL,
    "authorId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fixedAt" TIMESTAMP(3),
    "fixedById" INTEGER,

    CONSTRAINT "JournalRemark_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JournalRemark_schoolId_teacherId_fixedAt_idx" ON "JournalRemark"("schoolId", "teacherId", "fixedAt");

-- CreateIndex
CREATE INDEX "JournalRemark_schoolId_month_idx" ON "JournalRemark"("schoolId", "month");

