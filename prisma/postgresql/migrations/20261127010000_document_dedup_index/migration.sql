-- One live document per owner and content: concurrent uploads of the same
-- file resolve to a single row. Partial, so a soft-deleted copy does not
-- block a new upload. Prisma's schema language cannot express a partial
-- index, so it lives only here (see the Document model).
CREATE UNIQUE INDEX "Document_ownerId_sha256_live_key" ON "Document"("ownerId", "sha256") WHERE "deletedAt" IS NULL;
