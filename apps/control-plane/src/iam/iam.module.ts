import { Module } from '@nestjs/common';
import { ConfigDocumentModule } from '../platform/config-distribution/config-document.module.js';
import { IamQueryController } from './iam-query.controller.js';

/** IAM and STS query APIs (users, keys, policies, roles, AssumeRole, GetCallerIdentity) on `POST /`. */
@Module({ imports: [ConfigDocumentModule], controllers: [IamQueryController] })
export class IamModule {}
