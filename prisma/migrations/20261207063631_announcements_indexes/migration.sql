-- CreateIndex
CREATE INDEX "Announcement_schoolId_pinned_createdAt_id_idx" ON "Announcement"("schoolId", "pinned", "createdAt", "id");

