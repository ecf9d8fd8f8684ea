-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "dedupeKey" TEXT,
ADD COLUMN     "digest" "NotificationFrequency",
ADD COLUMN     "digestedAt" TIMESTAMP(3),
ADD COLUMN     "inApp" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "EmailDelivery" ADD COLUMN     "html" TEXT,
ADD COLUMN     "text" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "unsubscribeUrl" TEXT;

-- CreateTable
CREATE TABLE "EmailOptOut" (
    "schoolId" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailOptOut_pkey" PRIMARY KEY ("schoolId","address")
);

-- CreateIndex
CREATE INDEX "Notification_digest_digestedAt_idx" ON "Notification"("digest", "digestedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_userId_dedupeKey_key" ON "Notification"("userId", "dedupeKey");

