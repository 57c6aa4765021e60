import type { HttpRouteSettingsWire, HttpStageWire } from '@portico/admin-wire';
import type { V2Stage } from '@portico/db';
import { jsonRecord } from '../../common/lookups.js';
import { compact, isoTimestamp } from '../v2-wire.js';
import type { StageState } from './stage.input.js';

/** AWS's `Stage` on the wire (spec §1.3). */
export function toStageWire(row: V2Stage): HttpStageWire {
  return compact({
    // Stored as validated on write (stage.input.ts), so the JSON column holds the wire shape.
    accessLogSettings: (row.accessLogSettings ?? undefined) as HttpStageWire['accessLogSettings'],
    apiGatewayManaged: row.apiGatewayManaged,
    autoDeploy: row.autoDeploy,
    clientCertificateId: row.clientCertificateId ?? undefined,
    createdDate: isoTimestamp(row.createdDate),
    defaultRouteSettings: jsonRecord<unknown>(row.defaultRouteSettings) as HttpRouteSettingsWire,
    deploymentId: row.deploymentId ?? undefined,
    description: row.description ?? undefined,
    lastDeploymentStatusMessage: row.lastDeploymentStatusMessage ?? undefined,
    lastUpdatedDate: isoTimestamp(row.lastUpdatedDate),
    routeSettings: jsonRecord<HttpRouteSettingsWire>(row.routeSettings),
    stageName: row.stageName,
    stageVariables: jsonRecord<string>(row.stageVariables),
    tags: jsonRecord<string>(row.tags),
  });
}

export function stageStateOf(row: V2Stage): StageState {
  return {
    deploymentId: row.deploymentId,
    description: row.description,
    autoDeploy: row.autoDeploy,
    stageVariables: jsonRecord<string>(row.stageVariables),
    defaultRouteSettings: jsonRecord<unknown>(row.defaultRouteSettings) as StageState['defaultRouteSettings'],
    routeSettings: jsonRecord<StageState['defaultRouteSettings']>(row.routeSettings),
    accessLogSettings: (row.accessLogSettings ?? null) as StageState['accessLogSettings'],
    clientCertificateId: row.clientCertificateId,
  };
}
