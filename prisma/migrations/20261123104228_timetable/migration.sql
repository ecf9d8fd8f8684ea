-- CreateEnum
CREATE TYPE "TimetableChangeKind" AS ENUM ('CANCEL', 'MOVE', 'SUBSTITUTE', 'ROOM');

-- AlterTable
ALTER TABLE "SchoolClass" ADD COLUMN     "bellScheduleId" INTEGER;

-- AlterTable
ALTER TABLE "Lesson" ADD COLUMN     "roomId" INTEGER,
ADD COLUMN     "timetableEntryId" INTEGER;

-- CreateTable
CREATE TABLE "BellSchedule" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "BellSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BellSlot" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "scheduleId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "startMinute" INTEGER NOT NULL,
    "endMinute" INTEGER NOT NULL,

    CONSTRAINT "BellSlot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TimetableEntry" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "yearId" INTEGER NOT NULL,
    "classId" INTEGER NOT NULL,
    "subgroupId" INTEGER,
    "subjectId" INTEGER NOT NULL,
    "teacherId" INTEGER NOT NULL,
    "roomId" INTEGER,
    "weekday" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "validFrom" DATE NOT NULL,
    "validTo" DATE,

    CONSTRAINT "TimetableEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TimetableChange" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "entryId" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "kind" "TimetableChangeKind" NOT NULL,
    "substituteId" INTEGER,
    "roomId" INTEGER,
    "newDate" DATE,
    "newNumber" INTEGER,
    "note" TEXT,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TimetableChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BellSchedule_schoolId_name_key" ON "BellSchedule"("schoolId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "BellSlot_scheduleId_number_key" ON "BellSlot"("scheduleId", "number");

-- CreateIndex
CREATE INDEX "TimetableEntry_schoolId_yearId_idx" ON "TimetableEntry"("schoolId", "yearId");

-- CreateIndex
CREATE INDEX "TimetableEntry_classId_weekday_number_idx" ON "TimetableEntry"("classId", "weekday", "number");

-- CreateIndex
CREATE INDEX "TimetableEntry_teacherId_weekday_number_idx" ON "TimetableEntry"("teacherId", "weekday", "number");

-- CreateIndex
CREATE INDEX "TimetableEntry_roomId_weekday_number_idx" ON "TimetableEntry"("roomId", "weekday", "number");

-- CreateIndex
CREATE INDEX "TimetableChange_schoolId_date_idx" ON "TimetableChange"("schoolId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "TimetableChange_entryId_date_key" ON "TimetableChange"("entryId", "date");

-- AddForeignKey
ALTER TABLE "SchoolClass" ADD CONSTRAINT "SchoolClass_bellScheduleId_fkey" FOREIGN KEY ("bellScheduleId") REFERENCES "BellSchedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lesson" ADD CONSTRAINT "Lesson_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lesson" ADD CONSTRAINT "Lesson_timetableEntryId_fkey" FOREIGN KEY ("timetableEntryId") REFERENCES "TimetableEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BellSchedule" ADD CONSTRAINT "BellSchedule_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BellSlot" ADD CONSTRAINT "BellSlot_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BellSlot" ADD CONSTRAINT "BellSlot_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "BellSchedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimetableEntry" ADD CONSTRAINT "TimetableEntry_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimetableEntry" ADD CONSTRAINT "TimetableEntry_classId_fkey" FOREIGN KEY ("classId") REFERENCES "SchoolClass"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimetableEntry" ADD CONSTRAINT "TimetableEntry_subgroupId_fkey" FOREIGN KEY ("subgroupId") REFERENCES "Subgroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimetableEntry" ADD CONSTRAINT "TimetableEntry_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Subject"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimetableEntry" ADD CONSTRAINT "TimetableEntry_teacherId_fkey" FOREIGN KEY ("teacherId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimetableEntry" ADD CONSTRAINT "TimetableEntry_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimetableChange" ADD CONSTRAINT "TimetableChange_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimetableChange" ADD CONSTRAINT "TimetableChange_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "TimetableEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimetableChange" ADD CONSTRAINT "TimetableChange_substituteId_fkey" FOREIGN KEY ("substituteId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimetableChange" ADD CONSTRAINT "TimetableChange_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE SET NULL ON UPDATE CASCADE;

