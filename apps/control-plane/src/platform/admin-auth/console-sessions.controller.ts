import { Body, Controller, Delete, Get, HttpCode, Post, Req } from '@nestjs/common';
import { AdminError } from '@portico/contracts';
import { ADMIN_PRINCIPAL, type WithAdminPrincipal } from './admin-principal.js';
import { ConsoleSessionsService, type ConsoleSessionWire } from './console-sessions.service.js';

/**
 * Console sessions (a Portico extension; AWS's console signs in through its own sign-in service): sign in with a
 * key pair, see who the session is, sign out. Only sign-in is open; the other two need the session's bearer token.
 */
@Controller('portico/console/sessions')
export class ConsoleSessionsController {
  constructor(private readonly sessions: ConsoleSessionsService) {}

  @Post()
  @HttpCode(201)
  signIn(@Body() body: unknown): Promise<ConsoleSessionWire> {
    return this.sessions.signIn(body);
  }

  @Get('current')
  current(@Req() request: WithAdminPrincipal): { principal: { arn: string; type: string; accountId: string } } {
    const principal = request[ADMIN_PRINCIPAL];
    if (!principal) throw new AdminError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    return { principal: { arn: principal.caller.arn, type: principal.caller.type, accountId: principal.accountId } };
  }

  @Delete('current')
  @HttpCode(204)
  async signOut(@Req() request: WithAdminPrincipal): Promise<void> {
    const sessionId = request[ADMIN_PRINCIPAL]?.sessionId;
    if (!sessionId) throw new AdminError('BadRequestException', 'Sign-out needs a console session token (Authorization: Bearer)');
    await this.sessions.signOut(sessionId);
  }
}
