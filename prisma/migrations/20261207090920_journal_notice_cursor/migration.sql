-- CreateTable
CREATE TABLE "JournalNoticeCursor" (
    "schoolId" INTEGER NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JournalNoticeCursor_pkey" PRIMARY KEY ("schoolId","kind")
);

