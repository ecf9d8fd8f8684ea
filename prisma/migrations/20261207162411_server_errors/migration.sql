-- CreateTable
CREATE TABLE "ServerError" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "method" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reqId" TEXT,
    "userId" INTEGER,

    CONSTRAINT "ServerError_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ServerError_at_idx" ON "ServerError"("at");

