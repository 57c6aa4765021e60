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
