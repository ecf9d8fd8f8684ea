-- CreateEnum
CREATE TYPE "CurriculumPart" AS ENUM ('MANDATORY', 'ELECTIVE');

-- CreateEnum
CREATE TYPE "PlanStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED');

-- CreateEnum
CREATE TYPE "PlanWorkKind" AS ENUM ('CONTROL', 'PRACTICAL', 'LABORATORY', 'EXCURSION', 'DIAGNOSTIC', 'TEST');

-- AlterTable
ALTER TABLE "SchoolClass" ADD COLUMN     "profile" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "AssignmentType" ADD COLUMN     "isAssessment" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Lesson" ADD COLUMN     "planItemId" INTEGER;

-- CreateTable
CREATE TABLE "Curriculum" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "yearId" INTEGER NOT NULL,
    "grade" INTEGER NOT NULL,
    "profile" TEXT NOT NULL DEFAULT '',
    "weekDays" INTEGER,
    "note" TEXT,
    "updatedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Curriculum_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CurriculumItem" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "curriculumId" INTEGER NOT NULL,
    "subjectId" INTEGER NOT NULL,
    "area" TEXT NOT NULL,
    "part" "CurriculumPart" NOT NULL DEFAULT 'MANDATORY',
    "hoursPerWeek" DECIMAL(4,1) NOT NULL,
    "assessmentForm" TEXT,
    "marked" BOOLEAN NOT NULL DEFAULT true,
    "split" BOOLEAN NOT NULL DEFAULT false,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CurriculumItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ThematicPlan" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "subjectId" INTEGER NOT NULL,
    "grade" INTEGER NOT NULL,
    "profile" TEXT NOT NULL DEFAULT '',
    "yearId" INTEGER,
    "isTemplate" BOOLEAN NOT NULL DEFAULT false,
    "title" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,
    "status" "PlanStatus" NOT NULL DEFAULT 'DRAFT',
    "version" INTEGER NOT NULL DEFAULT 1,
    "previousId" INTEGER,
    "copiedFromId" INTEGER,
    "supersededAt" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3),
    "reviewedById" INTEGER,
    "reviewedAt" TIMESTAMP(3),
    "reviewComment" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ThematicPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanItem" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "planId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "section" TEXT,
    "topic" TEXT NOT NULL,
    "hours" INTEGER NOT NULL DEFAULT 1,
    "lessonType" TEXT,
    "workKind" "PlanWorkKind",
    "note" TEXT,

    CONSTRAINT "PlanItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanAssignment" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "planId" INTEGER NOT NULL,
    "yearId" INTEGER NOT NULL,
    "classId" INTEGER NOT NULL,
    "subgroupId" INTEGER NOT NULL DEFAULT 0,
    "subjectId" INTEGER NOT NULL,
    "assignedById" INTEGER,
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlannedAssessment" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "classId" INTEGER NOT NULL,
    "subgroupId" INTEGER NOT NULL DEFAULT 0,
    "subjectId" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "lessonNumber" INTEGER,
    "assignmentTypeId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "planItemId" INTEGER,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlannedAssessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssessmentException" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "classId" INTEGER NOT NULL,
    "subjectId" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "rule" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "acceptedById" INTEGER NOT NULL,
    "acceptedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssessmentException_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssessmentPublication" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "classId" INTEGER NOT NULL,
    "periodId" INTEGER NOT NULL,
    "publishedById" INTEGER NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssessmentPublication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Curriculum_schoolId_yearId_idx" ON "Curriculum"("schoolId", "yearId");

-- CreateIndex
CREATE UNIQUE INDEX "Curriculum_yearId_grade_profile_key" ON "Curriculum"("yearId", "grade", "profile");

-- CreateIndex
CREATE INDEX "CurriculumItem_schoolId_idx" ON "CurriculumItem"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "CurriculumItem_curriculumId_subjectId_key" ON "CurriculumItem"("curriculumId", "subjectId");

-- CreateIndex
CREATE INDEX "ThematicPlan_schoolId_yearId_subjectId_grade_idx" ON "ThematicPlan"("schoolId", "yearId", "subjectId", "grade");

-- CreateIndex
CREATE INDEX "ThematicPlan_schoolId_isTemplate_idx" ON "ThematicPlan"("schoolId", "isTemplate");

-- CreateIndex
CREATE INDEX "ThematicPlan_authorId_idx" ON "ThematicPlan"("authorId");

-- CreateIndex
CREATE INDEX "PlanItem_schoolId_idx" ON "PlanItem"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "PlanItem_planId_position_key" ON "PlanItem"("planId", "position");

-- CreateIndex
CREATE INDEX "PlanAssignment_planId_idx" ON "PlanAssignment"("planId");

-- CreateIndex
CREATE INDEX "PlanAssignment_schoolId_yearId_idx" ON "PlanAssignment"("schoolId", "yearId");

-- CreateIndex
CREATE UNIQUE INDEX "PlanAssignment_yearId_classId_subgroupId_subjectId_key" ON "PlanAssignment"("yearId", "classId", "subgroupId", "subjectId");

-- CreateIndex
CREATE INDEX "PlannedAssessment_schoolId_classId_date_idx" ON "PlannedAssessment"("schoolId", "classId", "date");

-- CreateIndex
CREATE INDEX "AssessmentException_schoolId_idx" ON "AssessmentException"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentException_classId_subjectId_date_rule_key" ON "AssessmentException"("classId", "subjectId", "date", "rule");

-- CreateIndex
CREATE INDEX "AssessmentPublication_schoolId_idx" ON "AssessmentPublication"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentPublication_classId_periodId_key" ON "AssessmentPublication"("classId", "periodId");

-- AddForeignKey
ALTER TABLE "CurriculumItem" ADD CONSTRAINT "CurriculumItem_curriculumId_fkey" FOREIGN KEY ("curriculumId") REFERENCES "Curriculum"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanItem" ADD CONSTRAINT "PlanItem_planId_fkey" FOREIGN KEY ("planId") REFERENCES "ThematicPlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanAssignment" ADD CONSTRAINT "PlanAssignment_planId_fkey" FOREIGN KEY ("planId") REFERENCES "ThematicPlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Control works are assessment procedures of the schedule (R-PLN-6) unless the school says otherwise.
UPDATE "AssignmentType" SET "isAssessment" = true WHERE "isControl";
