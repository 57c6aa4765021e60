import { Module } from '@nestjs/common';
import { ConsoleSessionGuard } from './console-session.guard.js';
import { ConsoleSessionStrategy } from './console-session.strategy.js';
import { ConsoleSessionsController } from './console-sessions.controller.js';
import { ConsoleSessionsService } from './console-sessions.service.js';

/** Console sessions (sign-in, bearer tokens through passport-jwt, sign-out); the global admin guard uses the guard. */
@Module({
  controllers: [ConsoleSessionsController],
  providers: [ConsoleSessionsService, ConsoleSessionStrategy, ConsoleSessionGuard],
  exports: [ConsoleSessionGuard, ConsoleSessionsService],
})
export class AdminAuthModule {}
