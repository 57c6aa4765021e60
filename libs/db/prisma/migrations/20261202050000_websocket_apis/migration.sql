-- WebSocket APIs (apigatewayv2 protocolType WEBSOCKET): the members only they use, route responses,
-- integration responses and models.
ALTER TABLE "V2Route" ADD COLUMN "requestModels" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN "modelSelectionExpression" TEXT,
ADD COLUMN "routeResponseSelectionExpression" TEXT;

ALTER TABLE "V2Integration" ADD COLUMN "passthroughBehavior" TEXT,
ADD COLUMN "contentHandlingStrategy" TEXT,
ADD COLUMN "requestTemplates" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN "templateSelectionExpression" TEXT,
ADD COLUMN "integrationResponseSelectionExpression" TEXT;

ALTER TABLE "V2Stage" ADD COLUMN "clientCertificateId" TEXT;

-- CreateTable
CREATE TABLE "V2RouteResponse" (
    "id" TEXT NOT NULL,
    "routeId" TEXT NOT NULL,
    "routeResponseKey" TEXT NOT NULL,
    "responseModels" JSONB NOT NULL DEFAULT '{}',
    "modelSelectionExpression" TEXT,
    "responseParameters" JSONB NOT NULL DEFAULT '{}',
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "V2RouteResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "V2IntegrationResponse" (
    "id" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "integrationResponseKey" TEXT NOT NULL,
    "responseTemplates" JSONB NOT NULL DEFAULT '{}',
    "templateSelectionExpression" TEXT,
    "contentHandlingStrategy" TEXT,
    "responseParameters" JSONB NOT NULL DEFAULT '{}',
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "V2IntegrationResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "V2Model" (
    "id" TEXT NOT NULL,
    "apiId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contentType" TEXT,
    "description" TEXT,
    "schema" TEXT NOT NULL,
    "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "V2Model_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "V2RouteResponse_routeId_routeResponseKey_key" ON "V2RouteResponse"("routeId", "routeResponseKey");

-- CreateIndex
CREATE UNIQUE INDEX "V2IntegrationResponse_integrationId_integrationResponseKey_key" ON "V2IntegrationResponse"("integrationId", "integrationResponseKey");

-- CreateIndex
CREATE UNIQUE INDEX "V2Model_apiId_name_key" ON "V2Model"("apiId", "name");

-- AddForeignKey
ALTER TABLE "V2RouteResponse" ADD CONSTRAINT "V2RouteResponse_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "V2Route"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "V2IntegrationResponse" ADD CONSTRAINT "V2IntegrationResponse_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "V2Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "V2Model" ADD CONSTRAINT "V2Model_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "V2Api"("id") ON DELETE CASCADE ON UPDATE CASCADE;
