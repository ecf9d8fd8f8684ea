-- CreateTable
CREATE TABLE "PdUndertaking" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "documentNumber" TEXT NOT NULL,
    "recordedById" INTEGER,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PdUndertaking_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PdUndertaking_staffId_key" ON "PdUndertaking"("staffId");

-- CreateIndex
CREATE INDEX "PdUndertaking_schoolId_idx" ON "PdUndertaking"("schoolId");

-- AddForeignKey
ALTER TABLE "PdUndertaking" ADD CONSTRAINT "PdUndertaking_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PdUndertaking" ADD CONSTRAINT "PdUndertaking_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

