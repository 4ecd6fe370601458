-- AlterTable
ALTER TABLE "Job" ADD COLUMN "cacheKey" TEXT;

-- CreateIndex
CREATE INDEX "Job_cacheKey_status_idx" ON "Job"("cacheKey", "status");

-- CreateIndex
CREATE INDEX "Job_status_updatedAt_idx" ON "Job"("status", "updatedAt");
