-- CreateTable
CREATE TABLE "V2Api" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "protocolType" TEXT NOT NULL,
    "description" TEXT,
    "version" TEXT,
    "routeSelectionExpression" TEXT NOT NULL,
    "apiKeySelectionExpression" TEXT,
    "corsConfiguration" JSONB,
    "disableExecuteApiEndpoint" BOOLEAN NOT NULL DEFAULT false,
    "disableSchemaValidation" BOOLEAN NOT NULL DEFAULT false,
    "ipAddressType" TEXT NOT NULL DEFAULT 'ipv4',
    "importInfo" TEXT[],
    "warnings" TEXT[],
    "tags" JSONB NOT NULL DEFAULT '{}',
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "V2Api_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "V2Route" (
    "id" TEXT NOT NULL,
    "apiId" TEXT NOT NULL,
    "routeKey" TEXT NOT NULL,
    "authorizationType" TEXT NOT NULL DEFAULT 'NONE',
    "authorizerId" TEXT,
    "authorizationScopes" TEXT[],
    "target" TEXT,
    "operationName" TEXT,
    "requestParameters" JSONB NOT NULL DEFAULT '{}',
    "apiKeyRequired" BOOLEAN NOT NULL DEFAULT false,
    "apiGatewayManaged" BOOLEAN NOT NULL DEFAULT false,
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "V2Route_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "V2Integration" (
    "id" TEXT NOT NULL,
    "apiId" TEXT NOT NULL,
    "integrationType" TEXT NOT NULL,
    "integrationSubtype" TEXT,
    "integrationMethod" TEXT,
    "integrationUri" TEXT,
    "payloadFormatVersion" TEXT,
    "connectionType" TEXT NOT NULL DEFAULT 'INTERNET',
    "connectionId" TEXT,
    "credentialsArn" TEXT,
    "description" TEXT,
    "timeoutInMillis" INTEGER NOT NULL,
    "requestParameters" JSONB NOT NULL DEFAULT '{}',
    "responseParameters" JSONB NOT NULL DEFAULT '{}',
    "tlsConfig" JSONB,
    "apiGatewayManaged" BOOLEAN NOT NULL DEFAULT false,
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "V2Integration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "V2Authorizer" (
    "id" TEXT NOT NULL,
    "apiId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "authorizerType" TEXT NOT NULL,
    "authorizerUri" TEXT,
    "authorizerCredentialsArn" TEXT,
    "authorizerPayloadFormatVersion" TEXT,
    "authorizerResultTtlInSeconds" INTEGER,
    "enableSimpleResponses" BOOLEAN NOT NULL DEFAULT false,
    "identitySource" TEXT[],
    "identityValidationExpression" TEXT,
    "jwtConfiguration" JSONB,
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "V2Authorizer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "V2Deployment" (
    "id" TEXT NOT NULL,
    "apiId" TEXT NOT NULL,
    "description" TEXT,
    "autoDeployed" BOOLEAN NOT NULL DEFAULT false,
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "snapshot" JSONB NOT NULL,

    CONSTRAINT "V2Deployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "V2Stage" (
    "apiId" TEXT NOT NULL,
    "stageName" TEXT NOT NULL,
    "deploymentId" TEXT,
    "description" TEXT,
    "autoDeploy" BOOLEAN NOT NULL DEFAULT false,
    "stageVariables" JSONB NOT NULL DEFAULT '{}',
    "defaultRouteSettings" JSONB NOT NULL DEFAULT '{}',
    "routeSettings" JSONB NOT NULL DEFAULT '{}',
    "accessLogSettings" JSONB,
    "apiGatewayManaged" BOOLEAN NOT NULL DEFAULT false,
    "lastDeploymentStatusMessage" TEXT,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdatedDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "V2Stage_pkey" PRIMARY KEY ("apiId","stageName")
);

-- CreateIndex
CREATE UNIQUE INDEX "V2Route_apiId_routeKey_key" ON "V2Route"("apiId", "routeKey");

-- CreateIndex
CREATE INDEX "V2Integration_apiId_idx" ON "V2Integration"("apiId");

-- CreateIndex
CREATE INDEX "V2Authorizer_apiId_idx" ON "V2Authorizer"("apiId");

-- CreateIndex
CREATE INDEX "V2Deployment_apiId_idx" ON "V2Deployment"("apiId");

-- AddForeignKey
ALTER TABLE "V2Route" ADD CONSTRAINT "V2Route_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "V2Api"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "V2Integration" ADD CONSTRAINT "V2Integration_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "V2Api"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "V2Authorizer" ADD CONSTRAINT "V2Authorizer_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "V2Api"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "V2Deployment" ADD CONSTRAINT "V2Deployment_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "V2Api"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "V2Stage" ADD CONSTRAINT "V2Stage_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "V2Api"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "V2Stage" ADD CONSTRAINT "V2Stage_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "V2Deployment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- What data planes serve of an HTTP API is its stages and the deployments they point at (the API's editing tables
-- reach the config document only through a deployment's snapshot); the API row is listed for the cascade of
-- DeleteApi. Same trigger function as migration config_changes.
CREATE TRIGGER "V2Api_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "V2Api" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "V2Deployment_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "V2Deployment" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
CREATE TRIGGER "V2Stage_config_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "V2Stage" FOR EACH STATEMENT EXECUTE FUNCTION portico_config_changed();
