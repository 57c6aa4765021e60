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

-- Every API CreateRestApi made has AWS's two default models; APIs created before models existed get them here
-- (the same texts as apps/control-plane's DEFAULT_MODELS), so methods that named them keep valid references.
INSERT INTO "Model" ("id", "restApiId", "name", "contentType", "schema", "description")
SELECT substr(md5(random()::text || a."id" || 'Empty'), 1, 6), a."id", 'Empty', 'application/json',
       E'{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n  "type" : "object"\n}',
       'This is a default empty schema model'
FROM "RestApi" a;
INSERT INTO "Model" ("id", "restApiId", "name", "contentType", "schema", "description")
SELECT substr(md5(random()::text || a."id" || 'Error'), 1, 6), a."id", 'Error', 'application/json',
       E'{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n  "type" : "object",\n  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}',
       'This is a default error schema model'
FROM "RestApi" a;
