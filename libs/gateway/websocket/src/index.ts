export { WebSocketGateway, websocketApiSnapshotsFrom } from './websocket-gateway.js';
export type { WebSocketCompileProblem, WebSocketGatewayOptions } from './websocket-gateway.js';
export { WebSocketStage } from './websocket-stage.js';
export type { ConnectIamCheck, ConnectOutcome, IntegrationRefusal, MessageOutcome, WebSocketUsage } from './websocket-stage.js';
export { buildConnectEvent, buildDisconnectEvent, buildMessageEvent, buildConnectAuthorizerEvent } from './websocket-events.js';
export type { EventFacts, WebSocketConnection } from './websocket-events.js';
export { compileSelectionExpression, compileResponseKey, parseMessageBody, stringifySelected, NOT_JSON } from './selection-expression.js';
export type { SelectionExpression, SelectionInput } from './selection-expression.js';
export type { IntegrationResult } from './websocket-integration.js';
