-- CreateTable
CREATE TABLE "VpcLink" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "targetArns" TEXT[],
    "tags" JSONB NOT NULL DEFAULT '{}',
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VpcLink_pkey" PRIMARY KEY ("id")
);

-- VPC links reach data planes in the config document (their targets), so writes bump the stored revision.
CREATE TRIGGER "VpcLink_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "VpcLink" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
