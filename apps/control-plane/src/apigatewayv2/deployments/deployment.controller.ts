import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { DeploymentService } from './deployment.service.js';

/** CreateDeployment, GetDeployments, GetDeployment, UpdateDeployment, DeleteDeployment (spec §1.2). */
@Controller('v2/apis/:apiId/deployments')
export class DeploymentController {
  constructor(private readonly deployments: DeploymentService) {}

  @Post()
  @HttpCode(201)
  create(@Param('apiId') apiId: string, @Body() body: unknown) {
    return this.deployments.create(apiId, body);
  }

  @Get()
  list(@Param('apiId') apiId: string, @Query() query: Record<string, unknown>) {
    return this.deployments.list(apiId, query);
  }

  @Get(':deploymentId')
  get(@Param('apiId') apiId: string, @Param('deploymentId') deploymentId: string) {
    return this.deployments.get(apiId, deploymentId);
  }

  @Patch(':deploymentId')
  update(@Param('apiId') apiId: string, @Param('deploymentId') deploymentId: string, @Body() body: unknown) {
    return this.deployments.update(apiId, deploymentId, body);
  }

  @Delete(':deploymentId')
  @HttpCode(204)
  async delete(@Param('apiId') apiId: string, @Param('deploymentId') deploymentId: string): Promise<void> {
    await this.deployments.delete(apiId, deploymentId);
  }
}
