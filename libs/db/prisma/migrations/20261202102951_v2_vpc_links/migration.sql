-- CreateTable
CREATE TABLE "V2VpcLink" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "subnetIds" TEXT[],
    "securityGroupIds" TEXT[],
    "tags" JSONB NOT NULL DEFAULT '{}',
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "V2VpcLink_pkey" PRIMARY KEY ("id")
);

-- v2 VPC links reach data planes in the config document (their targets), so writes bump the stored revision.
CREATE TRIGGER "V2VpcLink_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "V2VpcLink" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
