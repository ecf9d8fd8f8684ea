-- AlterTable
ALTER TABLE "School" ADD COLUMN     "homeworkAllowanceMinutes" INTEGER NOT NULL DEFAULT 120;

-- AlterTable
ALTER TABLE "Lesson" ADD COLUMN     "homeworkSetAt" TIMESTAMP(3),
ADD COLUMN     "topicSetAt" TIMESTAMP(3);

