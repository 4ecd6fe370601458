-- The category an owner gave a document (PATCH /api/v1/documents/:id), and
-- when: it overrides the worker's and teaches the owner's classifier.

-- AlterTable
ALTER TABLE "Document" ADD COLUMN "category" TEXT;
ALTER TABLE "Document" ADD COLUMN "categorySetAt" DATETIME;
