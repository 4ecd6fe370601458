-- AlterTable
ALTER TABLE "Job" ADD COLUMN "webhookState" TEXT;
ALTER TABLE "Job" ADD COLUMN "webhookSentAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Job_webhookState_finishedAt_idx" ON "Job"("webhookState", "finishedAt");
