-- CreateTable
CREATE TABLE "IamGroup" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IamGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IamGroupMember" (
    "accountId" TEXT NOT NULL,
    "groupKey" TEXT NOT NULL,
    "userKey" TEXT NOT NULL,

    CONSTRAINT "IamGroupMember_pkey" PRIMARY KEY ("accountId","groupKey","userKey")
);

-- CreateTable
CREATE TABLE "DomainName" (
    "domainName" TEXT NOT NULL,
    "certificateName" TEXT,
    "certificateArn" TEXT,
    "regionalCertificateName" TEXT,
    "regionalCertificateArn" TEXT,
    "endpointConfiguration" JSONB NOT NULL,
    "securityPolicy" TEXT NOT NULL DEFAULT 'TLS_1_2',
    "tags" JSONB NOT NULL DEFAULT '{}',
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DomainName_pkey" PRIMARY KEY ("domainName")
);

-- CreateTable
CREATE TABLE "ApiMapping" (
    "domainName" TEXT NOT NULL,
    "basePath" TEXT NOT NULL,
    "apiId" TEXT NOT NULL,
    "stage" TEXT,

    CONSTRAINT "ApiMapping_pkey" PRIMARY KEY ("domainName","basePath")
);

-- CreateIndex
CREATE UNIQUE INDEX "IamGroup_accountId_nameKey_key" ON "IamGroup"("accountId", "nameKey");

-- CreateIndex
CREATE INDEX "IamGroupMember_accountId_userKey_idx" ON "IamGroupMember"("accountId", "userKey");

-- CreateIndex
CREATE INDEX "ApiMapping_apiId_idx" ON "ApiMapping"("apiId");

-- AddForeignKey
ALTER TABLE "ApiMapping" ADD CONSTRAINT "ApiMapping_domainName_fkey" FOREIGN KEY ("domainName") REFERENCES "DomainName"("domainName") ON DELETE CASCADE ON UPDATE CASCADE;

-- These tables reach the data planes' config document (domain routing, group policies in IAM evaluation).
CREATE TRIGGER "IamGroup_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "IamGroup" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "IamGroupMember_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "IamGroupMember" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "DomainName_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "DomainName" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "ApiMapping_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ApiMapping" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
