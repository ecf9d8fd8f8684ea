-- AlterTable
ALTER TABLE "User" ADD COLUMN     "blockedByConsent" BOOLEAN NOT NULL DEFAULT false;


-- A withdrawn consent now closes the family account (R-SEC-6, issue 17): accounts of students and
-- parents (no staff role) whose consent was withdrawn before this change are closed the same way.
UPDATE "User" u SET "blocked" = true, "blockedByConsent" = true
 WHERE NOT u."blocked"
   AND EXISTS (SELECT 1 FROM "PersonalDataConsent" c WHERE c."personId" = u."personId" AND c."revokedAt" IS NOT NULL)
   AND NOT EXISTS (SELECT 1 FROM "UserRole" r WHERE r."userId" = u.id AND r.role NOT IN ('STUDENT', 'PARENT'));
