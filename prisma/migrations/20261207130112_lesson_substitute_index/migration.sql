-- CreateIndex
CREATE INDEX "Lesson_substituteId_date_idx" ON "Lesson"("substituteId", "date");

