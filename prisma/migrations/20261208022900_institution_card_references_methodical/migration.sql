-- AlterTable
ALTER TABLE "School" ADD COLUMN     "accreditationDate" DATE,
ADD COLUMN     "accreditationNumber" TEXT,
ADD COLUMN     "accreditationValidUntil" DATE,
ADD COLUMN     "directorName" TEXT,
ADD COLUMN     "directorPersonId" INTEGER,
ADD COLUMN     "email" TEXT,
ADD COLUMN     "inn" TEXT,
ADD COLUMN     "kpp" TEXT,
ADD COLUMN     "licenseDate" DATE,
ADD COLUMN     "licenseIssuer" TEXT,
ADD COLUMN     "licenseNumber" TEXT,
ADD COLUMN     "ogrn" TEXT,
ADD COLUMN     "okpo" TEXT,
ADD COLUMN     "phone" TEXT,
ADD COLUMN     "postalAddress" TEXT,
ADD COLUMN     "website" TEXT;

-- CreateTable
CREATE TABLE "ReferenceEntry" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sort" INTEGER NOT NULL DEFAULT 0,
    "archived" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ReferenceEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MethodicalAssociation" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "leaderId" INTEGER,

    CONSTRAINT "MethodicalAssociation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MethodicalMember" (
    "associationId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,

    CONSTRAINT "MethodicalMember_pkey" PRIMARY KEY ("associationId","personId")
);

-- CreateTable
CREATE TABLE "MethodicalSubject" (
    "associationId" INTEGER NOT NULL,
    "subjectId" INTEGER NOT NULL,

    CONSTRAINT "MethodicalSubject_pkey" PRIMARY KEY ("associationId","subjectId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReferenceEntry_schoolId_kind_code_key" ON "ReferenceEntry"("schoolId", "kind", "code");

-- CreateIndex
CREATE UNIQUE INDEX "MethodicalAssociation_schoolId_name_key" ON "MethodicalAssociation"("schoolId", "name");

-- CreateIndex
CREATE INDEX "MethodicalMember_personId_idx" ON "MethodicalMember"("personId");

-- AddForeignKey
ALTER TABLE "ReferenceEntry" ADD CONSTRAINT "ReferenceEntry_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MethodicalAssociation" ADD CONSTRAINT "MethodicalAssociation_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MethodicalAssociation" ADD CONSTRAINT "MethodicalAssociation_leaderId_fkey" FOREIGN KEY ("leaderId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MethodicalMember" ADD CONSTRAINT "MethodicalMember_associationId_fkey" FOREIGN KEY ("associationId") REFERENCES "MethodicalAssociation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MethodicalMember" ADD CONSTRAINT "MethodicalMember_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MethodicalSubject" ADD CONSTRAINT "MethodicalSubject_associationId_fkey" FOREIGN KEY ("associationId") REFERENCES "MethodicalAssociation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MethodicalSubject" ADD CONSTRAINT "MethodicalSubject_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Subject"("id") ON DELETE CASCADE ON UPDATE CASCADE;

