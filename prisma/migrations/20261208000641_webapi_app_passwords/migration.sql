-- CreateTable
CREATE TABLE "AppPassword" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "md5" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "AppPassword_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebApiSession" (
    "id" SERIAL NOT NULL,
    "cookieHash" TEXT NOT NULL,
    "lt" TEXT,
    "salt" TEXT,
    "ver" TEXT,
    "ltIssuedAt" TIMESTAMP(3),
    "tokenHash" TEXT,
    "userId" INTEGER,
    "schoolId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebApiSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AppPassword_userId_key" ON "AppPassword"("userId");

-- CreateIndex
CREATE INDEX "AppPassword_schoolId_idx" ON "AppPassword"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "WebApiSession_cookieHash_key" ON "WebApiSession"("cookieHash");

-- CreateIndex
CREATE UNIQUE INDEX "WebApiSession_tokenHash_key" ON "WebApiSession"("tokenHash");

-- CreateIndex
CREATE INDEX "WebApiSession_expiresAt_idx" ON "WebApiSession"("expiresAt");

-- CreateIndex
CREATE INDEX "WebApiSession_userId_idx" ON "WebApiSession"("userId");

