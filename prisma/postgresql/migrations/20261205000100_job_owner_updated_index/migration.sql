-- The event stream of all of an owner's jobs (GET /api/v1/events) reads the
-- rows changed since its last look.

-- CreateIndex
CREATE INDEX "Job_ownerId_updatedAt_idx" ON "Job"("ownerId", "updatedAt");
