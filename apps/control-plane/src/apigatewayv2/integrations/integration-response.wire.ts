import type { V2IntegrationResponseWire } from '@portico/admin-wire';
import type { V2IntegrationResponse } from '@portico/db';
import { jsonRecord, nonEmpty } from '../../common/lookups.js';
import { compact } from '../v2-wire.js';
import type { IntegrationResponseState } from './integration-response.input.js';

/** AWS's `IntegrationResponse` on the wire. */
export function toIntegrationResponseWire(row: V2IntegrationResponse): V2IntegrationResponseWire {
  return compact({
    contentHandlingStrategy: row.contentHandlingStrategy ?? undefined,
    integrationResponseId: row.id,
    integrationResponseKey: row.integrationResponseKey,
    responseParameters: nonEmpty(jsonRecord<string>(row.responseParameters)),
    responseTemplates: nonEmpty(jsonRecord<string>(row.responseTemplates)),
    templateSelectionExpression: row.templateSelectionExpression ?? undefined,
  });
}

export function integrationResponseStateOf(row: V2IntegrationResponse): IntegrationResponseState {
  return {
    integrationResponseKey: row.integrationResponseKey,
    responseTemplates: jsonRecord<string>(row.responseTemplates),
    templateSelectionExpression: row.templateSelectionExpression,
    contentHandlingStrategy: row.contentHandlingStrategy as IntegrationResponseState['contentHandlingStrategy'],
    responseParameters: jsonRecord<string>(row.responseParameters),
  };
}
