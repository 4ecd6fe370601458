-- AlterTable
ALTER TABLE "Result" ADD COLUMN "engine" TEXT;

