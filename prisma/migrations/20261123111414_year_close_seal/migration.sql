-- CreateEnum
CREATE TYPE "YearDecisionKind" AS ENUM ('PROMOTE', 'PROMOTE_CONDITIONAL', 'RETAIN', 'GRADUATE');

-- CreateTable
CREATE TABLE "YearDecision" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "yearId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,
    "classId" INTEGER NOT NULL,
    "kind" "YearDecisionKind" NOT NULL,
    "debtSubjectIds" INTEGER[],
    "orderNumber" TEXT NOT NULL,
    "orderDate" DATE NOT NULL,
    "decidedById" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "YearDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "YearCloseAck" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "yearId" INTEGER NOT NULL,
    "itemKey" TEXT NOT NULL,
    "ackById" INTEGER,
    "ackAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "YearCloseAck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "YearCloseRun" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "yearId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "step" TEXT,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "nextYearId" INTEGER,
    "stats" JSONB,
    "startedById" INTEGER,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "YearCloseRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "YearSeal" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "yearId" INTEGER NOT NULL,
    "algorithm" TEXT NOT NULL,
    "rootHash" TEXT NOT NULL,
    "counts" JSONB NOT NULL,
    "sealedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sealedById" INTEGER,

    CONSTRAINT "YearSeal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "YearSealLeaf" (
    "id" SERIAL NOT NULL,
    "sealId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "refId" INTEGER NOT NULL,
    "rows" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "YearSealLeaf_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "YearDecision_schoolId_yearId_classId_idx" ON "YearDecision"("schoolId", "yearId", "classId");

-- CreateIndex
CREATE UNIQUE INDEX "YearDecision_yearId_studentId_key" ON "YearDecision"("yearId", "studentId");

-- CreateIndex
CREATE INDEX "YearCloseAck_schoolId_yearId_idx" ON "YearCloseAck"("schoolId", "yearId");

-- CreateIndex
CREATE UNIQUE INDEX "YearCloseAck_yearId_itemKey_key" ON "YearCloseAck"("yearId", "itemKey");

-- CreateIndex
CREATE INDEX "YearCloseRun_schoolId_yearId_idx" ON "YearCloseRun"("schoolId", "yearId");

-- CreateIndex
CREATE UNIQUE INDEX "YearSeal_yearId_key" ON "YearSeal"("yearId");

-- CreateIndex
CREATE INDEX "YearSeal_schoolId_idx" ON "YearSeal"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "YearSealLeaf_sealId_kind_refId_key" ON "YearSealLeaf"("sealId", "kind", "refId");

-- AddForeignKey
ALTER TABLE "YearSealLeaf" ADD CONSTRAINT "YearSealLeaf_sealId_fkey" FOREIGN KEY ("sealId") REFERENCES "YearSeal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

