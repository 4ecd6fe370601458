-- How far each page was turned to stand upright before it was read (0, 90,
-- 180 or 270 degrees clockwise); 0 for pages read before orientation was detected.

-- AlterTable
ALTER TABLE "JobPage" ADD COLUMN "rotation" INTEGER NOT NULL DEFAULT 0;
