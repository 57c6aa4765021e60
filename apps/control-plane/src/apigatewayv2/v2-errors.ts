import { notFound, type AdminError } from '@portico/contracts';

/**
 * apigatewayv2's 404 texts. AWS's own are known only for the API (spec §1.1, "Invalid API identifier specified
 * {accountId}:{apiId}") and for route settings; the others follow the same pattern [I].
 */
export const v2NotFound = {
  api: (accountId: string, apiId: string): AdminError => notFound(`Invalid API identifier specified ${accountId}:${apiId}`),
  route: (accountId: string, routeId: string): AdminError => notFound(`Invalid Route identifier specified ${accountId}:${routeId}`),
  integration: (accountId: string, integrationId: string): AdminError => notFound(`Invalid Integration identifier specified ${accountId}:${integrationId}`),
  authorizer: (accountId: string, authorizerId: string): AdminError => notFound(`Invalid Authorizer identifier specified ${accountId}:${authorizerId}`),
  deployment: (accountId: string, deploymentId: string): AdminError => notFound(`Invalid Deployment identifier specified ${accountId}:${deploymentId}`),
  stage: (accountId: string, stageName: string): AdminError => notFound(`Invalid stage identifier specified ${accountId}:${stageName}`),
  routeResponse: (accountId: string, id: string): AdminError => notFound(`Invalid RouteResponse identifier specified ${accountId}:${id}`),
  integrationResponse: (accountId: string, id: string): AdminError => notFound(`Invalid IntegrationResponse identifier specified ${accountId}:${id}`),
  model: (accountId: string, id: string): AdminError => notFound(`Invalid Model identifier specified ${accountId}:${id}`),
  apiMapping: (accountId: string, id: string): AdminError => notFound(`Invalid ApiMapping identifier specified ${accountId}:${id}`),
  routeSettings: (routeKey: string): AdminError => notFound(`Unable to find Route by key ${routeKey} within the provided RouteSettings`),
};
