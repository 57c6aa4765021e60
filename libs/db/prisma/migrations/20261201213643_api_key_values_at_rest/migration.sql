-- API key values at rest: sealed (valueCiphertext) and keyed-hashed (valueHash) under keys derived from
-- PORTICO_MASTER_KEY, which SQL cannot know. Existing rows therefore keep their clear value in "value" for now,
-- with placeholders that cannot collide with a hash (hex), and the control plane seals them at start-up
-- (apps/control-plane/src/api-keys/seal-legacy-api-keys.ts), setting "value" to NULL. The unkeyed SHA-256 goes.

-- DropIndex
DROP INDEX "ApiKey_value_key";

-- AlterTable
ALTER TABLE "ApiKey" DROP COLUMN "valueSha256",
ADD COLUMN     "valueCiphertext" TEXT,
ADD COLUMN     "valueHash" TEXT,
ALTER COLUMN "value" DROP NOT NULL;

UPDATE "ApiKey" SET "valueCiphertext" = '', "valueHash" = 'legacy:' || "id";

ALTER TABLE "ApiKey" ALTER COLUMN "valueCiphertext" SET NOT NULL,
ALTER COLUMN "valueHash" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_valueHash_key" ON "ApiKey"("valueHash");
