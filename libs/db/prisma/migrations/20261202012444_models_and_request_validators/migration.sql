-- CreateTable
CREATE TABLE "Model" (
    "id" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "schema" TEXT,
    "description" TEXT,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequestValidator" (
    "id" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "name" TEXT,
    "validateRequestBody" BOOLEAN NOT NULL DEFAULT false,
    "validateRequestParameters" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "RequestValidator_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Model_restApiId_name_key" ON "Model"("restApiId", "name");

-- CreateIndex
CREATE INDEX "RequestValidator_restApiId_idx" ON "RequestValidator"("restApiId");

-- AddForeignKey
ALTER TABLE "Model" ADD CONSTRAINT "Model_restApiId_fkey" FOREIGN KEY ("restApiId") REFERENCES "RestApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestValidator" ADD CONSTRAINT "RequestValidator_restApiId_fkey" FOREIGN KEY ("restApiId") REFERENCES "RestApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;
