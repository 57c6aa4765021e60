import { Module } from '@nestjs/common';
import { AuthorizersModule } from '../apigateway/authorizers/authorizers.module.js';
import { ConfigDocumentModule } from '../platform/config-distribution/config-document.module.js';
import { ApiController } from './apis/api.controller.js';
import { ApiService } from './apis/api.service.js';
import { AuthorizerController } from './authorizers/authorizer.controller.js';
import { AuthorizerService } from './authorizers/authorizer.service.js';
import { ApiMappingService } from './domain-names/api-mapping.service.js';
import { ApiMappingController, V2DomainNameController } from './domain-names/domain-name.controller.js';
import { V2DomainNameService } from './domain-names/domain-name.service.js';
import { DeploymentController } from './deployments/deployment.controller.js';
import { DeploymentService } from './deployments/deployment.service.js';
import { IntegrationResponseController } from './integrations/integration-response.controller.js';
import { IntegrationResponseService } from './integrations/integration-response.service.js';
import { IntegrationController } from './integrations/integration.controller.js';
import { IntegrationService } from './integrations/integration.service.js';
import { ModelController } from './models/model.controller.js';
import { ModelService } from './models/model.service.js';
import { ImportExportController } from './openapi/import-export.controller.js';
import { ImportExportService } from './openapi/import-export.service.js';
import { RouteResponseController } from './routes/route-response.controller.js';
import { RouteResponseService } from './routes/route-response.service.js';
import { RouteController } from './routes/route.controller.js';
import { RouteService } from './routes/route.service.js';
import { StageController } from './stages/stage.controller.js';
import { StageService } from './stages/stage.service.js';
import { V2AuthorizerCacheService } from './stages/v2-authorizer-cache.service.js';
import { TagController } from './tags/tag.controller.js';
import { TagService } from './tags/tag.service.js';
import { V2Writes } from './v2-writes.js';
import { V2VpcLinkController } from './vpc-links/vpc-link.controller.js';
import { V2VpcLinkService } from './vpc-links/vpc-link.service.js';

/** apigatewayv2 (`/v2`, rest-json 2018-11-29, SigV4 service `apigateway`): HTTP and WebSocket APIs. */
@Module({
  imports: [ConfigDocumentModule, AuthorizersModule],
  controllers: [ApiController, RouteController, IntegrationController, AuthorizerController, StageController, DeploymentController, TagController, ImportExportController, RouteResponseController, IntegrationResponseController, ModelController, V2VpcLinkController, V2DomainNameController, ApiMappingController],
  providers: [V2Writes, ApiService, RouteService, IntegrationService, AuthorizerService, StageService, V2AuthorizerCacheService, DeploymentService, TagService, ImportExportService, RouteResponseService, IntegrationResponseService, ModelService, V2VpcLinkService, V2DomainNameService, ApiMappingService],
})
export class ApiGatewayV2Module {}
