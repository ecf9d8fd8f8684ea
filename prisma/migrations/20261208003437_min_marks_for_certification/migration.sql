-- AlterTable
ALTER TABLE "School" ADD COLUMN     "minMarksForCertification" INTEGER NOT NULL DEFAULT 3;

