-- AlterTable
ALTER TABLE "School" ADD COLUMN     "debtDeadlineDay" INTEGER NOT NULL DEFAULT 15,
ADD COLUMN     "debtDeadlineMonth" INTEGER NOT NULL DEFAULT 10;

-- AlterTable
ALTER TABLE "YearDecision" ADD COLUMN     "debtDeadline" DATE;

-- CreateTable
CREATE TABLE "DebtLiquidation" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "decisionId" INTEGER NOT NULL,
    "subjectId" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "mark" TEXT NOT NULL,
    "recordedById" INTEGER,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DebtLiquidation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DebtLiquidation_schoolId_idx" ON "DebtLiquidation"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "DebtLiquidation_decisionId_subjectId_key" ON "DebtLiquidation"("decisionId", "subjectId");

-- AddForeignKey
ALTER TABLE "DebtLiquidation" ADD CONSTRAINT "DebtLiquidation_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "YearDecision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

