-- The reading options of a job (issue 13-15): what kind of page, at which
-- working resolution, whether a PDF's own text layer is used, and whether
-- identity numbers are shown unmasked. Existing jobs keep the defaults, which
-- are what they were read with.

-- AlterTable
ALTER TABLE "Job" ADD COLUMN "mode" TEXT NOT NULL DEFAULT 'document';
ALTER TABLE "Job" ADD COLUMN "resolution" TEXT NOT NULL DEFAULT 'base';
ALTER TABLE "Job" ADD COLUMN "textLayer" TEXT NOT NULL DEFAULT 'auto';
ALTER TABLE "Job" ADD COLUMN "revealIdentifiers" BOOLEAN NOT NULL DEFAULT false;
