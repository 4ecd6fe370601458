-- What the worker understood of a document (language, dates, amounts,
-- identifiers, category) as JSON, and the identifiers of each page as read
-- (sensitive numbers already masked unless the job asked to reveal them).

-- AlterTable
ALTER TABLE "JobPage" ADD COLUMN "identifiers" TEXT NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "Result" ADD COLUMN "metadata" TEXT;
