-- Existing customers without a city get an empty one first.
UPDATE "Customer" SET "city" = '' WHERE "city" IS NULL;

-- AlterTable
ALTER TABLE "Customer" ALTER COLUMN "city" SET NOT NULL,
ALTER COLUMN "city" SET DEFAULT '';

