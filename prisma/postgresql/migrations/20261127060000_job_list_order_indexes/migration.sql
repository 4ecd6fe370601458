-- The job lists order by createdAt, then id: with id in the index no page
-- needs a sort, and a batch's jobs are found by batchId in that order.

-- DropIndex
DROP INDEX "Job_ownerId_createdAt_idx";

-- DropIndex
DROP INDEX "Job_ownerId_status_createdAt_idx";

-- DropIndex
DROP INDEX "Job_batchId_idx";

-- CreateIndex
CREATE INDEX "Job_ownerId_createdAt_id_idx" ON "Job"("ownerId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Job_ownerId_status_createdAt_id_idx" ON "Job"("ownerId", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Job_batchId_createdAt_id_idx" ON "Job"("batchId", "createdAt", "id");
