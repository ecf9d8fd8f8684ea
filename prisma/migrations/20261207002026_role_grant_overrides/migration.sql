-- CreateTable
CREATE TABLE "RoleGrantOverride" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "role" "Role" NOT NULL,
    "entity" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "updatedById" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RoleGrantOverride_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RoleGrantOverride_schoolId_role_entity_action_key" ON "RoleGrantOverride"("schoolId", "role", "entity", "action");

-- AddForeignKey
ALTER TABLE "RoleGrantOverride" ADD CONSTRAINT "RoleGrantOverride_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

