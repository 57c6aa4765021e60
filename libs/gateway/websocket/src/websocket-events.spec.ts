/* eslint-disable @typescript-eslint/no-explicit-any -- AWS's captures are JSON, read field by field */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildDisconnectEvent, buildMessageEvent, type WebSocketConnection } from './websocket-events.js';

const vector = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../test/vectors/${name}`, import.meta.url)), 'utf8')) as Record<string, any>;

// The connection of AWS's two real captures (Jan 2024): same connection, a message then its disconnect.
const connection = (apiId: string): WebSocketConnection => ({
  connectionId: 'R1kmxc2VNjMCFIA=',
  apiId,
  stage: 'prod',
  domainName: 'dl7ptocha9.execute-api.ap-northeast-1.amazonaws.com',
  connectedAt: 1705751697419,
  sourceIp: '49.105.91.154',
  userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36',
  headers: { Host: 'dl7ptocha9.execute-api.ap-northeast-1.amazonaws.com' },
  multiValueHeaders: { Host: ['dl7ptocha9.execute-api.ap-northeast-1.amazonaws.com'] },
  queryStringParameters: {},
  multiValueQueryStringParameters: {},
});

describe('WebSocket Lambda proxy events vs AWS captures', () => {
  it('MESSAGE matches apigw-websocket-request-send-message.json field for field', () => {
    const sample = vector('apigw-websocket-request-send-message.json');
    const event = buildMessageEvent(
      connection(sample.requestContext.apiId),
      { requestId: 'R1knPH17NjMFftw=', requestTimeEpoch: 1705751700453, routeKey: '$default', messageId: 'R1knPc2ntjMCFIA=' },
      sample.body,
      {},
    );
    expect(event).toEqual(sample);
    expect(Object.keys(event.requestContext)).toEqual(Object.keys(sample.requestContext));
  });

  it('DISCONNECT matches apigw-websocket-request-disconnect.json field for field', () => {
    const sample = vector('apigw-websocket-request-disconnect.json');
    const event = buildDisconnectEvent(connection(sample.requestContext.apiId), { requestId: 'R1koeHsUtjMFbRw=', requestTimeEpoch: 1705751708326, routeKey: '$disconnect' }, 1001, '', {});
    expect(event).toEqual(sample);
    expect(Object.keys(event.requestContext)).toEqual(Object.keys(sample.requestContext));
  });
});
