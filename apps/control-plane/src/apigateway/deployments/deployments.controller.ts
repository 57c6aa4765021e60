import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { Page } from '../../common/paging.js';
import type { DeploymentView } from './deployment-view.js';
import { DeploymentsService } from './deployments.service.js';

/** CreateDeployment, GetDeployment(s), UpdateDeployment, DeleteDeployment (spec §1.2). */
@Controller('restapis/:restApiId/deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Get()
  list(@Param('restApiId') restApiId: string, @Query() query: { limit?: unknown; position?: unknown }): Promise<Page<DeploymentView>> {
    return this.deployments.list(restApiId, query);
  }

  @Post()
  @HttpCode(201)
  create(@Param('restApiId') restApiId: string, @Body() body: unknown): Promise<DeploymentView> {
    return this.deployments.create(restApiId, body);
  }

  @Get(':deploymentId')
  get(
    @Param('restApiId') restApiId: string,
    @Param('deploymentId') deploymentId: string,
    @Query('embed') embed?: string | string[],
  ): Promise<DeploymentView> {
    // The SDK sends a list as repeated `embed=` members; a single value may also be comma-separated.
    const members = (Array.isArray(embed) ? embed : embed === undefined ? [] : [embed]).flatMap((e) => String(e).split(','));
    return this.deployments.get(restApiId, deploymentId, members);
  }

  @Patch(':deploymentId')
  update(@Param('restApiId') restApiId: string, @Param('deploymentId') deploymentId: string, @Body() body: unknown): Promise<DeploymentView> {
    return this.deployments.update(restApiId, deploymentId, body);
  }

  @Delete(':deploymentId')
  @HttpCode(202)
  async delete(@Param('restApiId') restApiId: string, @Param('deploymentId') deploymentId: string): Promise<void> {
    await this.deployments.delete(restApiId, deploymentId);
  }
}
