import type { HttpIntegrationWire } from '@portico/admin-wire';
import type { V2Integration } from '@portico/db';
import { jsonRecord, nonEmpty } from '../../common/lookups.js';
import { compact } from '../v2-wire.js';
import type { IntegrationState } from './integration.input.js';

/** AWS's `Integration` on the wire (HTTP API members, spec §1.3; WebSocket members when set). */
export function toIntegrationWire(row: V2Integration): HttpIntegrationWire {
  return compact({
    apiGatewayManaged: row.apiGatewayManaged,
    connectionType: row.connectionType,
    contentHandlingStrategy: row.contentHandlingStrategy ?? undefined,
    connectionId: row.connectionId ?? undefined,
    credentialsArn: row.credentialsArn ?? undefined,
    description: row.description ?? undefined,
    integrationId: row.id,
    integrationMethod: row.integrationMethod ?? undefined,
    integrationResponseSelectionExpression: row.integrationResponseSelectionExpression ?? undefined,
    integrationSubtype: row.integrationSubtype ?? undefined,
    integrationType: row.integrationType,
    integrationUri: row.integrationUri ?? undefined,
    passthroughBehavior: row.passthroughBehavior ?? undefined,
    payloadFormatVersion: row.payloadFormatVersion ?? undefined,
    requestParameters: nonEmpty(jsonRecord<string>(row.requestParameters)),
    requestTemplates: nonEmpty(jsonRecord<string>(row.requestTemplates)),
    responseParameters: nonEmpty(jsonRecord<Record<string, string>>(row.responseParameters)),
    templateSelectionExpression: row.templateSelectionExpression ?? undefined,
    timeoutInMillis: row.timeoutInMillis,
    // Stored as validated on write (integration.input.ts), so the JSON column holds the wire shape.
    tlsConfig: (row.tlsConfig ?? undefined) as HttpIntegrationWire['tlsConfig'],
  });
}

/** A row's settings as IntegrationState (for UpdateIntegration). */
export function integrationStateOf(row: V2Integration): IntegrationState {
  return {
    integrationType: row.integrationType as IntegrationState['integrationType'],
    integrationSubtype: row.integrationSubtype,
    integrationMethod: row.integrationMethod,
    integrationUri: row.integrationUri,
    payloadFormatVersion: (row.payloadFormatVersion ?? '1.0') as IntegrationState['payloadFormatVersion'],
    connectionType: row.connectionType as IntegrationState['connectionType'],
    connectionId: row.connectionId,
    credentialsArn: row.credentialsArn,
    description: row.description,
    timeoutInMillis: row.timeoutInMillis,
    requestParameters: jsonRecord<string>(row.requestParameters),
    responseParameters: jsonRecord<Record<string, string>>(row.responseParameters),
    tlsConfig: (row.tlsConfig ?? null) as IntegrationState['tlsConfig'],
    passthroughBehavior: row.passthroughBehavior as IntegrationState['passthroughBehavior'],
    contentHandlingStrategy: row.contentHandlingStrategy as IntegrationState['contentHandlingStrategy'],
    requestTemplates: jsonRecord<string>(row.requestTemplates),
    templateSelectionExpression: row.templateSelectionExpression,
    integrationResponseSelectionExpression: row.integrationResponseSelectionExpression,
  };
}
