-- CreateEnum
CREATE TYPE "MovementKind" AS ENUM ('ENROL', 'TRANSFER', 'WITHDRAW', 'PROMOTE', 'GRADUATE');

-- CreateEnum
CREATE TYPE "StaffEventKind" AS ENUM ('HIRE', 'TRANSFER', 'DISMISS');

-- CreateEnum
CREATE TYPE "QualificationCategory" AS ENUM ('NONE', 'FIRST', 'HIGHEST', 'CONFORMITY');

-- AlterTable
ALTER TABLE "Staff" ADD COLUMN     "dismissReason" TEXT,
ADD COLUMN     "personnelNumber" TEXT,
ADD COLUMN     "serviceSince" DATE,
ADD COLUMN     "teachingSince" DATE;

-- CreateTable
CREATE TABLE "MovementOrder" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "yearId" INTEGER,
    "kind" "MovementKind" NOT NULL,
    "number" TEXT NOT NULL,
    "orderDate" DATE NOT NULL,
    "effectiveDate" DATE NOT NULL,
    "studentId" INTEGER NOT NULL,
    "fromClassId" INTEGER,
    "toClassId" INTEGER,
    "reason" TEXT,
    "destSchool" TEXT,
    "destOrderNumber" TEXT,
    "destOrderDate" DATE,
    "note" TEXT,
    "changes" JSONB NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelledAt" TIMESTAMP(3),
    "cancelledById" INTEGER,
    "cancelReason" TEXT,

    CONSTRAINT "MovementOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffEvent" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,
    "kind" "StaffEventKind" NOT NULL,
    "orderNumber" TEXT NOT NULL,
    "orderDate" DATE NOT NULL,
    "date" DATE NOT NULL,
    "position" TEXT,
    "rate" DECIMAL(3,2),
    "reason" TEXT,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffEducation" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,
    "level" TEXT NOT NULL,
    "institution" TEXT NOT NULL,
    "graduationYear" INTEGER NOT NULL,
    "speciality" TEXT,

    CONSTRAINT "StaffEducation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffQualification" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,
    "category" "QualificationCategory" NOT NULL,
    "assignedAt" DATE NOT NULL,
    "validUntil" DATE,
    "orderNumber" TEXT,

    CONSTRAINT "StaffQualification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffAward" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "document" TEXT,

    CONSTRAINT "StaffAward_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffTraining" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,
    "course" TEXT NOT NULL,
    "provider" TEXT,
    "hours" INTEGER NOT NULL,
    "fromDate" DATE NOT NULL,
    "toDate" DATE NOT NULL,
    "document" TEXT,

    CONSTRAINT "StaffTraining_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffMethodicalWork" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,

    CONSTRAINT "StaffMethodicalWork_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportUpload" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMP(3),

    CONSTRAINT "ImportUpload_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MovementOrder_schoolId_effectiveDate_idx" ON "MovementOrder"("schoolId", "effectiveDate");

-- CreateIndex
CREATE INDEX "MovementOrder_studentId_idx" ON "MovementOrder"("studentId");

-- CreateIndex
CREATE INDEX "StaffEvent_staffId_date_idx" ON "StaffEvent"("staffId", "date");

-- CreateIndex
CREATE INDEX "StaffEvent_schoolId_idx" ON "StaffEvent"("schoolId");

-- CreateIndex
CREATE INDEX "StaffEducation_staffId_idx" ON "StaffEducation"("staffId");

-- CreateIndex
CREATE INDEX "StaffEducation_schoolId_idx" ON "StaffEducation"("schoolId");

-- CreateIndex
CREATE INDEX "StaffQualification_staffId_assignedAt_idx" ON "StaffQualification"("staffId", "assignedAt");

-- CreateIndex
CREATE INDEX "StaffQualification_schoolId_idx" ON "StaffQualification"("schoolId");

-- CreateIndex
CREATE INDEX "StaffAward_staffId_idx" ON "StaffAward"("staffId");

-- CreateIndex
CREATE INDEX "StaffAward_schoolId_idx" ON "StaffAward"("schoolId");

-- CreateIndex
CREATE INDEX "StaffTraining_staffId_idx" ON "StaffTraining"("staffId");

-- CreateIndex
CREATE INDEX "StaffTraining_schoolId_idx" ON "StaffTraining"("schoolId");

-- CreateIndex
CREATE INDEX "StaffMethodicalWork_staffId_idx" ON "StaffMethodicalWork"("staffId");

-- CreateIndex
CREATE INDEX "StaffMethodicalWork_schoolId_idx" ON "StaffMethodicalWork"("schoolId");

-- CreateIndex
CREATE INDEX "ImportUpload_schoolId_userId_idx" ON "ImportUpload"("schoolId", "userId");

-- AddForeignKey
ALTER TABLE "MovementOrder" ADD CONSTRAINT "MovementOrder_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MovementOrder" ADD CONSTRAINT "MovementOrder_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MovementOrder" ADD CONSTRAINT "MovementOrder_fromClassId_fkey" FOREIGN KEY ("fromClassId") REFERENCES "SchoolClass"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MovementOrder" ADD CONSTRAINT "MovementOrder_toClassId_fkey" FOREIGN KEY ("toClassId") REFERENCES "SchoolClass"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffEvent" ADD CONSTRAINT "StaffEvent_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffEvent" ADD CONSTRAINT "StaffEvent_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffEducation" ADD CONSTRAINT "StaffEducation_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffEducation" ADD CONSTRAINT "StaffEducation_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffQualification" ADD CONSTRAINT "StaffQualification_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffQualification" ADD CONSTRAINT "StaffQualification_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffAward" ADD CONSTRAINT "StaffAward_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffAward" ADD CONSTRAINT "StaffAward_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffTraining" ADD CONSTRAINT "StaffTraining_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffTraining" ADD CONSTRAINT "StaffTraining_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffMethodicalWork" ADD CONSTRAINT "StaffMethodicalWork_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffMethodicalWork" ADD CONSTRAINT "StaffMethodicalWork_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportUpload" ADD CONSTRAINT "ImportUpload_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

