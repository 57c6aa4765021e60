-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "name" TEXT,
    "description" TEXT,
    "value" TEXT NOT NULL,
    "valueSha256" TEXT NOT NULL,
    "customerId" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "stageKeys" TEXT[],
    "tags" JSONB NOT NULL DEFAULT '{}',
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdatedDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsagePlan" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "productCode" TEXT,
    "throttle" JSONB,
    "quota" JSONB,
    "quotaSince" TIMESTAMP(3),
    "apiStages" JSONB NOT NULL DEFAULT '[]',
    "tags" JSONB NOT NULL DEFAULT '{}',
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsagePlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsagePlanKey" (
    "usagePlanId" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "keyType" TEXT NOT NULL DEFAULT 'API_KEY',

    CONSTRAINT "UsagePlanKey_pkey" PRIMARY KEY ("usagePlanId","apiKeyId")
);

-- CreateTable
CREATE TABLE "UsageCounter" (
    "usagePlanId" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "used" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsageCounter_pkey" PRIMARY KEY ("usagePlanId","apiKeyId","kind","date")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "cloudwatchRoleArn" TEXT,
    "throttleBurstLimit" INTEGER NOT NULL DEFAULT 5000,
    "throttleRateLimit" DOUBLE PRECISION NOT NULL DEFAULT 10000,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_value_key" ON "ApiKey"("value");

-- CreateIndex
CREATE INDEX "UsagePlanKey_apiKeyId_idx" ON "UsagePlanKey"("apiKeyId");

-- AddForeignKey
ALTER TABLE "UsagePlanKey" ADD CONSTRAINT "UsagePlanKey_usagePlanId_fkey" FOREIGN KEY ("usagePlanId") REFERENCES "UsagePlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsagePlanKey" ADD CONSTRAINT "UsagePlanKey_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;
