-- Where a page's words come from: "ocr", or "embedded" when taken from the
-- PDF's own text layer (textLayer job option).

-- AlterTable
ALTER TABLE "JobPage" ADD COLUMN "source" TEXT NOT NULL DEFAULT 'ocr';
