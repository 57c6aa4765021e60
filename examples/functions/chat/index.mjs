// A chat room over a WebSocket API (AWS's simple-websockets-chat-app, without DynamoDB): `$connect` joins,
// `$disconnect` leaves, `{"action":"sendmessage","data":"…"}` broadcasts `data` to everyone through @connections.
//
// @connections is reached as on AWS: `endpoint: https://{domainName}/{stage}` from the event, SigV4-signed with the
// function's credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY of an IAM user of Portico whose policy allows
// execute-api:ManageConnections). Where the API's host name does not resolve to the gateway (a laptop), set
// CHAT_GATEWAY_URL (e.g. http://127.0.0.1:8080): requests go there with the API's Host header.
//
// Members are kept in a JSON file (CHAT_MEMBERS_FILE, default in the temp dir): a function may run in several
// workers and on several replicas, so no in-memory list would see every member.
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';

const membersFile = () => process.env.CHAT_MEMBERS_FILE ?? join(tmpdir(), 'portico-chat-members.json');

async function members() {
  try {
    return JSON.parse(await readFile(membersFile(), 'utf8'));
  } catch {
    return [];
  }
}

const save = (list) => writeFile(membersFile(), JSON.stringify([...new Set(list)]));

function managementClient(domainName, stage) {
  const gateway = process.env.CHAT_GATEWAY_URL;
  const client = new ApiGatewayManagementApiClient({ endpoint: gateway ? `${gateway}/${stage}` : `https://${domainName}/${stage}` });
  if (gateway) {
    // The gateway picks the API by its Host; it is signed like every other header.
    client.middlewareStack.add((next) => (args) => {
      args.request.headers.host = domainName;
      return next(args);
    }, { step: 'build', name: 'chatApiHost' });
  }
  return client;
}

export const handler = async (event) => {
  const { routeKey, connectionId, domainName, stage } = event.requestContext;
  if (routeKey === '$connect') {
    await save([...(await members()), connectionId]);
    return { statusCode: 200 };
  }
  if (routeKey === '$disconnect') {
    await save((await members()).filter((id) => id !== connectionId));
    return { statusCode: 200 };
  }
  const { data } = JSON.parse(event.body);
  const client = managementClient(domainName, stage);
  const gone = [];
  await Promise.all(
    (await members()).map(async (id) => {
      try {
        await client.send(new PostToConnectionCommand({ ConnectionId: id, Data: new TextEncoder().encode(String(data)) }));
      } catch (error) {
        if (error instanceof GoneException) gone.push(id);
        else throw error;
      }
    }),
  );
  if (gone.length > 0) await save((await members()).filter((id) => !gone.includes(id)));
  return { statusCode: 200 };
};
