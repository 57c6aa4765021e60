-- AlterTable
ALTER TABLE "ApiMapping" ADD COLUMN     "id" TEXT NOT NULL DEFAULT substr(md5(random()::text), 1, 6);

-- AlterTable
ALTER TABLE "DomainName" ADD COLUMN     "mutualTlsAuthentication" JSONB,
ADD COLUMN     "ownershipVerificationCertificateArn" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "ApiMapping_id_key" ON "ApiMapping"("id");
