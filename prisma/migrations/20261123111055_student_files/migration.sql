-- CreateEnum
CREATE TYPE "IdentityDocKind" AS ENUM ('BIRTH_CERTIFICATE', 'PASSPORT', 'FOREIGN', 'OTHER');

-- CreateEnum
CREATE TYPE "StudentNoteKind" AS ENUM ('ACHIEVEMENT', 'NOTE');

-- CreateEnum
CREATE TYPE "GiaLevel" AS ENUM ('OGE', 'EGE', 'GVE');

-- CreateTable
CREATE TABLE "PersonProfile" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "registrationAddress" TEXT,
    "actualAddress" TEXT,
    "otherContacts" TEXT,
    "docKind" "IdentityDocKind",
    "docSeries" TEXT,
    "docNumber" TEXT,
    "docIssuedBy" TEXT,
    "docIssuedAt" DATE,
    "snils" TEXT,
    "workPlace" TEXT,
    "workPosition" TEXT,
    "workPhone" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PersonProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudentNote" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,
    "kind" "StudentNoteKind" NOT NULL,
    "date" DATE NOT NULL,
    "text" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StudentNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudentMedical" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,
    "healthGroup" TEXT,
    "peGroup" TEXT,
    "conditions" TEXT,
    "disability" BOOLEAN NOT NULL DEFAULT false,
    "ovz" BOOLEAN NOT NULL DEFAULT false,
    "ovzNote" TEXT,
    "updatedById" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StudentMedical_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudentSocial" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,
    "socialStatus" TEXT,
    "deviantBehaviour" TEXT,
    "characteristic" TEXT,
    "updatedById" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StudentSocial_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonalDataConsent" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "recordedById" INTEGER,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "documentNote" TEXT,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "PersonalDataConsent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GiaRegistration" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,
    "yearId" INTEGER NOT NULL,
    "level" "GiaLevel" NOT NULL,
    "docKind" "IdentityDocKind",
    "docSeries" TEXT,
    "docNumber" TEXT,
    "docIssuedBy" TEXT,
    "docIssuedAt" DATE,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GiaRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GiaExam" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "registrationId" INTEGER NOT NULL,
    "subjectName" TEXT NOT NULL,
    "examDate" DATE,
    "score" INTEGER,
    "mark" TEXT,
    "resultEnteredAt" TIMESTAMP(3),
    "resultEnteredById" INTEGER,

    CONSTRAINT "GiaExam_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PersonProfile_personId_key" ON "PersonProfile"("personId");

-- CreateIndex
CREATE INDEX "PersonProfile_schoolId_idx" ON "PersonProfile"("schoolId");

-- CreateIndex
CREATE INDEX "StudentNote_studentId_kind_date_idx" ON "StudentNote"("studentId", "kind", "date");

-- CreateIndex
CREATE INDEX "StudentNote_schoolId_idx" ON "StudentNote"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "StudentMedical_studentId_key" ON "StudentMedical"("studentId");

-- CreateIndex
CREATE INDEX "StudentMedical_schoolId_idx" ON "StudentMedical"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "StudentSocial_studentId_key" ON "StudentSocial"("studentId");

-- CreateIndex
CREATE INDEX "StudentSocial_schoolId_idx" ON "StudentSocial"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "PersonalDataConsent_personId_key" ON "PersonalDataConsent"("personId");

-- CreateIndex
CREATE INDEX "PersonalDataConsent_schoolId_idx" ON "PersonalDataConsent"("schoolId");

-- CreateIndex
CREATE INDEX "GiaRegistration_schoolId_yearId_idx" ON "GiaRegistration"("schoolId", "yearId");

-- CreateIndex
CREATE UNIQUE INDEX "GiaRegistration_studentId_yearId_key" ON "GiaRegistration"("studentId", "yearId");

-- CreateIndex
CREATE INDEX "GiaExam_schoolId_idx" ON "GiaExam"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "GiaExam_registrationId_subjectName_key" ON "GiaExam"("registrationId", "subjectName");

-- AddForeignKey
ALTER TABLE "PersonProfile" ADD CONSTRAINT "PersonProfile_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonProfile" ADD CONSTRAINT "PersonProfile_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudentNote" ADD CONSTRAINT "StudentNote_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudentNote" ADD CONSTRAINT "StudentNote_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudentMedical" ADD CONSTRAINT "StudentMedical_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudentMedical" ADD CONSTRAINT "StudentMedical_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudentSocial" ADD CONSTRAINT "StudentSocial_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudentSocial" ADD CONSTRAINT "StudentSocial_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonalDataConsent" ADD CONSTRAINT "PersonalDataConsent_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonalDataConsent" ADD CONSTRAINT "PersonalDataConsent_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GiaRegistration" ADD CONSTRAINT "GiaRegistration_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GiaRegistration" ADD CONSTRAINT "GiaRegistration_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GiaRegistration" ADD CONSTRAINT "GiaRegistration_yearId_fkey" FOREIGN KEY ("yearId") REFERENCES "AcademicYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GiaExam" ADD CONSTRAINT "GiaExam_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GiaExam" ADD CONSTRAINT "GiaExam_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "GiaRegistration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

