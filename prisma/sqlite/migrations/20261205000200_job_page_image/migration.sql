-- The page as the worker read it, kept as a small WebP for the web app's
-- viewer (word boxes drawn over it); null when none was made.

-- AlterTable
ALTER TABLE "JobPage" ADD COLUMN "imageKey" TEXT;
