-- CreateTable
CREATE TABLE "RestApi" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "version" TEXT,
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "binaryMediaTypes" TEXT[],
    "minimumCompressionSize" INTEGER,
    "apiKeySource" TEXT NOT NULL DEFAULT 'HEADER',
    "endpointConfiguration" JSONB NOT NULL,
    "policy" TEXT,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "disableExecuteApiEndpoint" BOOLEAN NOT NULL DEFAULT false,
    "rootResourceId" TEXT NOT NULL,

    CONSTRAINT "RestApi_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Resource" (
    "id" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "parentId" TEXT,
    "pathPart" TEXT,
    "path" TEXT NOT NULL,

    CONSTRAINT "Resource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Method" (
    "resourceId" TEXT NOT NULL,
    "httpMethod" TEXT NOT NULL,
    "authorizationType" TEXT NOT NULL,
    "authorizerId" TEXT,
    "apiKeyRequired" BOOLEAN NOT NULL DEFAULT false,
    "operationName" TEXT,
    "requestValidatorId" TEXT,
    "requestParameters" JSONB NOT NULL DEFAULT '{}',
    "requestModels" JSONB NOT NULL DEFAULT '{}',
    "authorizationScopes" TEXT[],

    CONSTRAINT "Method_pkey" PRIMARY KEY ("resourceId","httpMethod")
);

-- CreateTable
CREATE TABLE "MethodResponse" (
    "resourceId" TEXT NOT NULL,
    "httpMethod" TEXT NOT NULL,
    "statusCode" TEXT NOT NULL,
    "responseParameters" JSONB NOT NULL DEFAULT '{}',
    "responseModels" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "MethodResponse_pkey" PRIMARY KEY ("resourceId","httpMethod","statusCode")
);

-- CreateTable
CREATE TABLE "Integration" (
    "resourceId" TEXT NOT NULL,
    "httpMethod" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "integrationHttpMethod" TEXT,
    "uri" TEXT,
    "connectionType" TEXT NOT NULL DEFAULT 'INTERNET',
    "connectionId" TEXT,
    "credentials" TEXT,
    "requestParameters" JSONB NOT NULL DEFAULT '{}',
    "requestTemplates" JSONB NOT NULL DEFAULT '{}',
    "passthroughBehavior" TEXT NOT NULL DEFAULT 'WHEN_NO_MATCH',
    "contentHandling" TEXT,
    "timeoutInMillis" INTEGER NOT NULL DEFAULT 29000,
    "cacheNamespace" TEXT NOT NULL,
    "cacheKeyParameters" TEXT[],
    "tlsConfig" JSONB,

    CONSTRAINT "Integration_pkey" PRIMARY KEY ("resourceId","httpMethod")
);

-- CreateTable
CREATE TABLE "IntegrationResponse" (
    "resourceId" TEXT NOT NULL,
    "httpMethod" TEXT NOT NULL,
    "statusCode" TEXT NOT NULL,
    "selectionPattern" TEXT,
    "responseParameters" JSONB NOT NULL DEFAULT '{}',
    "responseTemplates" JSONB NOT NULL DEFAULT '{}',
    "contentHandling" TEXT,

    CONSTRAINT "IntegrationResponse_pkey" PRIMARY KEY ("resourceId","httpMethod","statusCode")
);

-- CreateTable
CREATE TABLE "Authorizer" (
    "id" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "providerARNs" TEXT[],
    "authType" TEXT,
    "authorizerUri" TEXT,
    "authorizerCredentials" TEXT,
    "identitySource" TEXT,
    "identityValidationExpression" TEXT,
    "authorizerResultTtlInSeconds" INTEGER NOT NULL DEFAULT 300,

    CONSTRAINT "Authorizer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GatewayResponse" (
    "restApiId" TEXT NOT NULL,
    "responseType" TEXT NOT NULL,
    "statusCode" TEXT,
    "responseParameters" JSONB NOT NULL DEFAULT '{}',
    "responseTemplates" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "GatewayResponse_pkey" PRIMARY KEY ("restApiId","responseType")
);

-- CreateTable
CREATE TABLE "Deployment" (
    "id" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "description" TEXT,
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "snapshot" JSONB NOT NULL,

    CONSTRAINT "Deployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Stage" (
    "restApiId" TEXT NOT NULL,
    "stageName" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "description" TEXT,
    "clientCertificateId" TEXT,
    "cacheClusterEnabled" BOOLEAN NOT NULL DEFAULT false,
    "cacheClusterSize" TEXT,
    "tracingEnabled" BOOLEAN NOT NULL DEFAULT false,
    "variables" JSONB NOT NULL DEFAULT '{}',
    "methodSettings" JSONB NOT NULL DEFAULT '{}',
    "accessLogSettings" JSONB,
    "canarySettings" JSONB,
    "documentationVersion" TEXT,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdatedDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Stage_pkey" PRIMARY KEY ("restApiId","stageName")
);

-- CreateIndex
CREATE INDEX "Resource_restApiId_path_idx" ON "Resource"("restApiId", "path");

-- CreateIndex
CREATE UNIQUE INDEX "Resource_restApiId_parentId_pathPart_key" ON "Resource"("restApiId", "parentId", "pathPart");

-- CreateIndex
CREATE INDEX "Authorizer_restApiId_idx" ON "Authorizer"("restApiId");

-- CreateIndex
CREATE INDEX "Deployment_restApiId_idx" ON "Deployment"("restApiId");

-- AddForeignKey
ALTER TABLE "Resource" ADD CONSTRAINT "Resource_restApiId_fkey" FOREIGN KEY ("restApiId") REFERENCES "RestApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resource" ADD CONSTRAINT "Resource_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Method" ADD CONSTRAINT "Method_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MethodResponse" ADD CONSTRAINT "MethodResponse_resourceId_httpMethod_fkey" FOREIGN KEY ("resourceId", "httpMethod") REFERENCES "Method"("resourceId", "httpMethod") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Integration" ADD CONSTRAINT "Integration_resourceId_httpMethod_fkey" FOREIGN KEY ("resourceId", "httpMethod") REFERENCES "Method"("resourceId", "httpMethod") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntegrationResponse" ADD CONSTRAINT "IntegrationResponse_resourceId_httpMethod_fkey" FOREIGN KEY ("resourceId", "httpMethod") REFERENCES "Integration"("resourceId", "httpMethod") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Authorizer" ADD CONSTRAINT "Authorizer_restApiId_fkey" FOREIGN KEY ("restApiId") REFERENCES "RestApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GatewayResponse" ADD CONSTRAINT "GatewayResponse_restApiId_fkey" FOREIGN KEY ("restApiId") REFERENCES "RestApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_restApiId_fkey" FOREIGN KEY ("restApiId") REFERENCES "RestApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stage" ADD CONSTRAINT "Stage_restApiId_fkey" FOREIGN KEY ("restApiId") REFERENCES "RestApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stage" ADD CONSTRAINT "Stage_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
