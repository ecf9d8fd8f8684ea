-- The journal grid asks which of its lessons' cells were ever corrected by the lesson id, the first
-- part of a mark's or attendance's entityId (lessonId:studentId...). AuditLog_corrections finds the
-- school's corrections but then reads every one of them: a year of corrections made the 27 x 60
-- grid twice as slow (8.8 to 16 ms with 14,000 corrections in the bench school). This index goes
-- straight to the lessons of the grid.
CREATE INDEX "AuditLog_cell_corrections" ON "AuditLog"("schoolId", (split_part("entityId", ':', 1)))
  WHERE "entity" IN ('mark', 'attendance') AND ("action" <> 'create' OR "reason" IS NOT NULL);
