-- CreateEnum
CREATE TYPE "StudyGroupKind" AS ENUM ('GPD', 'ELECTIVE', 'OPTIONAL', 'EXTRACURRICULAR');

-- AlterTable
ALTER TABLE "Subgroup" ADD COLUMN     "gradeTo" INTEGER,
ADD COLUMN     "kind" "StudyGroupKind";

-- CreateIndex
CREATE INDEX "Lesson_subgroupId_date_idx" ON "Lesson"("subgroupId", "date");

