-- AlterTable
ALTER TABLE "StudentSocial" ADD COLUMN     "guardianship" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "largeFamily" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "registeredPdn" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "registeredSchool" BOOLEAN NOT NULL DEFAULT false;

