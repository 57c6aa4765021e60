import type { HttpStageWire } from '@portico/admin-wire';
import { Inject, Injectable } from '@nestjs/common';
import { badRequest, conflict } from '@portico/contracts';
import { Prisma, type V2Stage } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { checkTags } from '../../common/limits.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { bodyObject, read } from '../../common/validation.js';
import { createHttpApiDeployment, pointStage } from '../deploy-http-api.js';
import { v2NotFound } from '../v2-errors.js';
import { requireV2Api, requireV2Deployment, requireV2Stage } from '../v2-lookups.js';
import { parseV2Paging, toV2Page, type V2Page } from '../v2-wire.js';
import type { V2ProtocolType } from '../v2-validation.js';
import { V2Writes } from '../v2-writes.js';
import { applyStageMembers, checkStageName, parseStageTags, type StageState } from './stage.input.js';
import { stageStateOf, toStageWire } from './stage.wire.js';

/** AWS's quota: 10 stages per API (spec §0). */
const MAX_STAGES = 10;

function dataOf(state: StageState) {
  return {
    ...state,
    defaultRouteSettings: state.defaultRouteSettings as Prisma.InputJsonObject,
    routeSettings: state.routeSettings as Prisma.InputJsonObject,
    accessLogSettings: (state.accessLogSettings ?? Prisma.DbNull) as Prisma.InputJsonObject | typeof Prisma.DbNull,
  };
}

/** Route settings may only name routes the API has (AWS's 404 text, spec §1.1). */
async function checkRouteSettingsKeys(tx: Prisma.TransactionClient, apiId: string, routeSettings: Record<string, unknown>): Promise<void> {
  const keys = Object.keys(routeSettings);
  if (keys.length === 0) return;
  const routes = await tx.v2Route.findMany({ where: { apiId, routeKey: { in: keys } }, select: { routeKey: true } });
  const known = new Set(routes.map((route) => route.routeKey));
  const missing = keys.find((key) => !known.has(key));
  if (missing !== undefined) throw v2NotFound.routeSettings(missing);
}

/** Writes a stage row (CreateStage, quick create) and deploys to it at once when it auto-deploys. */
export async function insertStage(
  tx: Prisma.TransactionClient,
  apiId: string,
  stageName: string,
  state: StageState,
  extra: { tags: Record<string, string>; managed?: boolean },
): Promise<V2Stage> {
  if (await tx.v2Stage.findUnique({ where: { apiId_stageName: { apiId, stageName } }, select: { stageName: true } })) throw conflict('Stage already exists');
  if ((await tx.v2Stage.count({ where: { apiId } })) >= MAX_STAGES) throw badRequest(`Too many stages: an API may have at most ${MAX_STAGES}`);
  await checkRouteSettingsKeys(tx, apiId, state.routeSettings);
  await tx.v2Stage.create({ data: { apiId, stageName, ...dataOf(state), tags: extra.tags, apiGatewayManaged: extra.managed ?? false } });
  if (state.autoDeploy) await pointStage(tx, apiId, stageName, await createHttpApiDeployment(tx, apiId, { autoDeployed: true }));
  return tx.v2Stage.findUniqueOrThrow({ where: { apiId_stageName: { apiId, stageName } } });
}

export const EMPTY_STAGE: StageState = {
  deploymentId: null,
  description: null,
  autoDeploy: false,
  stageVariables: {},
  defaultRouteSettings: {},
  routeSettings: {},
  accessLogSettings: null,
  clientCertificateId: null,
};

/**
 * CreateStage, GetStages, GetStage, UpdateStage, DeleteStage, DeleteAccessLogSettings, DeleteRouteSettings. Every
 * write changes what is served under the stage (a V2Stage write: writeTransaction announces it after commit).
 */
@Injectable()
export class StageService {
  constructor(
    private readonly writes: V2Writes,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  create(apiId: string, body: unknown): Promise<HttpStageWire> {
    return this.writes.write(async ({ tx }) => {
      const api = await requireV2Api(tx, this.config.accountId, apiId);
      const protocolType = api.protocolType as V2ProtocolType;
      const stageName = checkStageName(read.string(bodyObject(body), 'stageName'), protocolType);
      const state: StageState = { ...EMPTY_STAGE, stageVariables: {}, routeSettings: {} };
      const { deploymentIdSent } = applyStageMembers(state, body, protocolType);
      const tags = parseStageTags(body);
      checkTags(tags);
      if (state.autoDeploy && deploymentIdSent) throw badRequest("deploymentId can't be specified when autoDeploy is enabled");
      if (state.deploymentId !== null) await requireV2Deployment(tx, this.config.accountId, apiId, state.deploymentId);
      const row = await insertStage(tx, apiId, stageName, state, { tags });
      return toStageWire(row);
    });
  }

  async list(apiId: string, query: Record<string, unknown>): Promise<V2Page<HttpStageWire>> {
    const paging = parseV2Paging(query);
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    const rows = await this.writes.prisma.v2Stage.findMany({ where: { apiId }, orderBy: { stageName: 'asc' } });
    return toV2Page(rows, paging, toStageWire);
  }

  async get(apiId: string, stageName: string): Promise<HttpStageWire> {
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    return toStageWire(await requireV2Stage(this.writes.prisma, this.config.accountId, apiId, stageName));
  }

  update(apiId: string, stageName: string, body: unknown): Promise<HttpStageWire> {
    return this.writes.write(async ({ tx }) => {
      const api = await requireV2Api(tx, this.config.accountId, apiId);
      const row = await requireV2Stage(tx, this.config.accountId, apiId, stageName);
      if (row.apiGatewayManaged) throw badRequest(`Stage ${stageName} is managed by API Gateway (quick create) and can't be modified`);
      const state = stageStateOf(row);
      const { deploymentIdSent } = applyStageMembers(state, body, api.protocolType as V2ProtocolType);
      if (deploymentIdSent && state.autoDeploy && state.deploymentId !== row.deploymentId) throw badRequest("deploymentId can't be updated if autoDeploy is enabled");
      if (deploymentIdSent && state.deploymentId !== null) await requireV2Deployment(tx, this.config.accountId, apiId, state.deploymentId);
      await checkRouteSettingsKeys(tx, apiId, state.routeSettings);
      await tx.v2Stage.update({ where: { apiId_stageName: { apiId, stageName } }, data: { ...dataOf(state), lastUpdatedDate: new Date() } });
      // Turning autoDeploy on deploys the current configuration at once.
      if (state.autoDeploy && !row.autoDeploy) await pointStage(tx, apiId, stageName, await createHttpApiDeployment(tx, apiId, { autoDeployed: true }));
      return toStageWire(await tx.v2Stage.findUniqueOrThrow({ where: { apiId_stageName: { apiId, stageName } } }));
    });
  }

  delete(apiId: string, stageName: string): Promise<void> {
    return this.writes.write(async ({ tx }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      await requireV2Stage(tx, this.config.accountId, apiId, stageName);
      await tx.v2Stage.delete({ where: { apiId_stageName: { apiId, stageName } } });
    });
  }

  deleteAccessLogSettings(apiId: string, stageName: string): Promise<void> {
    return this.writes.write(async ({ tx }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      await requireV2Stage(tx, this.config.accountId, apiId, stageName);
      await tx.v2Stage.update({ where: { apiId_stageName: { apiId, stageName } }, data: { accessLogSettings: Prisma.DbNull, lastUpdatedDate: new Date() } });
    });
  }

  /** `routeKey` arrives percent-encoded in one path label (`GET%20%2Fpets`) and is decoded by the router. */
  deleteRouteSettings(apiId: string, stageName: string, routeKey: string): Promise<void> {
    return this.writes.write(async ({ tx }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      const row = await requireV2Stage(tx, this.config.accountId, apiId, stageName);
      const state = stageStateOf(row);
      if (!(routeKey in state.routeSettings)) throw v2NotFound.routeSettings(routeKey);
      delete state.routeSettings[routeKey];
      await tx.v2Stage.update({ where: { apiId_stageName: { apiId, stageName } }, data: { routeSettings: state.routeSettings as Prisma.InputJsonObject, lastUpdatedDate: new Date() } });
    });
  }
}
