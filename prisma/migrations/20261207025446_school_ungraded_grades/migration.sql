-- AlterTable
ALTER TABLE "School" ADD COLUMN     "ungradedGrades" INTEGER[] DEFAULT ARRAY[1]::INTEGER[];

