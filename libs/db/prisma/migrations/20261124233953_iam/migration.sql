-- CreateTable
CREATE TABLE "IamAccount" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IamAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IamUser" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "tags" JSONB NOT NULL DEFAULT '[]',
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IamUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IamRole" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "description" TEXT,
    "assumeRolePolicyDocument" TEXT NOT NULL,
    "maxSessionDuration" INTEGER NOT NULL DEFAULT 3600,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IamRole_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IamManagedPolicy" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "description" TEXT,
    "document" TEXT NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updateDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IamManagedPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IamInlinePolicy" (
    "accountId" TEXT NOT NULL,
    "principalType" TEXT NOT NULL,
    "principalKey" TEXT NOT NULL,
    "policyName" TEXT NOT NULL,
    "document" TEXT NOT NULL,

    CONSTRAINT "IamInlinePolicy_pkey" PRIMARY KEY ("accountId","principalType","principalKey","policyName")
);

-- CreateTable
CREATE TABLE "IamPolicyAttachment" (
    "accountId" TEXT NOT NULL,
    "principalType" TEXT NOT NULL,
    "principalKey" TEXT NOT NULL,
    "policyArn" TEXT NOT NULL,
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IamPolicyAttachment_pkey" PRIMARY KEY ("accountId","principalType","principalKey","policyArn")
);

-- CreateTable
CREATE TABLE "IamAccessKey" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "userKey" TEXT,
    "secretCiphertext" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Active',
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sessionToken" TEXT,
    "expiration" TIMESTAMP(3),
    "roleId" TEXT,
    "roleSessionName" TEXT,

    CONSTRAINT "IamAccessKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VpcEndpoint" (
    "id" TEXT NOT NULL,
    "vpcId" TEXT NOT NULL,
    "name" TEXT,
    "cidrs" TEXT[],
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VpcEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "IamUser_accountId_nameKey_key" ON "IamUser"("accountId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "IamRole_accountId_nameKey_key" ON "IamRole"("accountId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "IamManagedPolicy_accountId_nameKey_key" ON "IamManagedPolicy"("accountId", "nameKey");

-- CreateIndex
CREATE INDEX "IamPolicyAttachment_policyArn_idx" ON "IamPolicyAttachment"("policyArn");

-- CreateIndex
CREATE INDEX "IamAccessKey_accountId_userKey_idx" ON "IamAccessKey"("accountId", "userKey");

-- CreateIndex
CREATE INDEX "IamAccessKey_expiration_idx" ON "IamAccessKey"("expiration");
