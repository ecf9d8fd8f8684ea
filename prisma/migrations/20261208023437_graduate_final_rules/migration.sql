-- CreateEnum
CREATE TYPE "FinalMarkRule" AS ENUM ('YEAR', 'MEAN', 'MAX');

-- AlterTable
ALTER TABLE "School" ADD COLUMN     "finalRule11" "FinalMarkRule" NOT NULL DEFAULT 'YEAR',
ADD COLUMN     "finalRule9" "FinalMarkRule" NOT NULL DEFAULT 'MEAN';

-- AlterTable
ALTER TABLE "GiaExam" ADD COLUMN     "subjectId" INTEGER;

-- AddForeignKey
ALTER TABLE "GiaExam" ADD CONSTRAINT "GiaExam_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Subject"("id") ON DELETE SET NULL ON UPDATE CASCADE;

