import type { AddressInfo } from 'node:net';
import {
  APIGatewayClient,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  type PutMethodRequest,
} from '@aws-sdk/client-api-gateway';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { createTestDatabase, type TestDatabase } from '@portico/db/testing';
import { createControlPlane, type CreateControlPlaneOptions } from '../../src/app.js';
import type { ControlPlaneConfig } from '../../src/config.js';

export const TEST_ACCESS_KEY_ID = 'AKIAPORTICOTESTKEY01';
export const TEST_SECRET_ACCESS_KEY = 'portico-test-secret-access-key-0123456789';
export const TEST_REGION = 'us-east-1';

export interface TestControlPlane {
  app: NestFastifyApplication;
  config: ControlPlaneConfig;
  url: string;
  client: APIGatewayClient;
  database: TestDatabase;
  /** Sends a request signed like the SDK signs (or unsigned / with a wrong secret / at another time). */
  request(method: string, path: string, options?: SignedRequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface SignedRequestOptions {
  body?: string;
  headers?: Record<string, string>;
  sign?: boolean;
  secretAccessKey?: string;
  signingDate?: Date;
  /** Replaces the body after signing (tampering). */
  bodyAfterSigning?: string;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  json(): unknown;
}

/**
 * One control plane per test file: a fresh database on the test PostgreSQL server (DATABASE_URL or the local
 * default), the app on 127.0.0.1 at a free port, and an SDK client signed with the test admin keys.
 */
export async function startTestControlPlane(overrides: Partial<ControlPlaneConfig> = {}, options: CreateControlPlaneOptions = {}): Promise<TestControlPlane> {
  const database = await createTestDatabase();
  const config: ControlPlaneConfig = {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: database.url,
    dataDir: '.portico-test',
    redisUrl: undefined,
    region: TEST_REGION,
    accountId: '000000000000',
    adminAccessKeyId: TEST_ACCESS_KEY_ID,
    adminSecretAccessKey: TEST_SECRET_ACCESS_KEY,
    dataPlaneToken: 'portico-test-data-plane-token',
    adminClockSkewMs: 5 * 60_000,
    bodyLimitBytes: 10 * 1024 * 1024,
    developmentDefaults: { adminCredentials: false, dataPlaneToken: false },
    ...overrides,
  };
  let app: NestFastifyApplication;
  try {
    app = await createControlPlane(config, { logger: ['error'], ...options });
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const client = new APIGatewayClient({
    endpoint: url,
    region: TEST_REGION,
    credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  });

  async function request(method: string, path: string, options: SignedRequestOptions = {}): Promise<TestResponse> {
    const [pathname, search = ''] = path.split('?');
    const query: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(search)) query[k] = v;
    const headers: Record<string, string> = { host: `127.0.0.1:${port}`, accept: 'application/json', ...options.headers };
    if (options.body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    let sent = headers;
    if (options.sign !== false) {
      const signer = new SignatureV4({
        service: 'apigateway',
        region: TEST_REGION,
        credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: options.secretAccessKey ?? TEST_SECRET_ACCESS_KEY },
        sha256: Sha256,
      });
      const signed = await signer.sign(
        new HttpRequest({ method, protocol: 'http:', hostname: '127.0.0.1', port, path: pathname, query, headers, body: options.body }),
        options.signingDate ? { signingDate: options.signingDate } : undefined,
      );
      sent = signed.headers as Record<string, string>;
    }
    const { host: _host, ...fetchHeaders } = sent;
    const response = await fetch(`${url}${path}`, { method, headers: fetchHeaders, body: options.bodyAfterSigning ?? options.body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
  }

  return {
    app,
    config,
    url,
    client,
    database,
    request,
    async close() {
      client.destroy();
      await app.close();
      await database.drop();
    },
  };
}

/** The error a request failed with; fails the test when the request succeeds. */
export async function errorOf(promise: Promise<unknown>): Promise<Error & { $metadata: { httpStatusCode?: number } }> {
  return promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error as Error & { $metadata: { httpStatusCode?: number } },
  );
}

export interface MethodKey {
  restApiId: string;
  resourceId: string;
  httpMethod: string;
}

/**
 * Puts a method (authorization NONE unless `method` says otherwise) with a MOCK integration whose request
 * template answers 200: the smallest method a deployment accepts.
 */
export async function putMockMethod(
  client: APIGatewayClient,
  key: MethodKey,
  method: Partial<Omit<PutMethodRequest, keyof MethodKey>> = {},
): Promise<void> {
  await client.send(new PutMethodCommand({ ...key, authorizationType: 'NONE', ...method }));
  await client.send(new PutIntegrationCommand({ ...key, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
}

/** A new REST API whose root resource has GET with a MOCK integration (see putMockMethod). */
export async function createMockApi(
  client: APIGatewayClient,
  name: string,
  method: Partial<Omit<PutMethodRequest, keyof MethodKey>> = {},
): Promise<{ apiId: string; rootId: string }> {
  const api = await client.send(new CreateRestApiCommand({ name }));
  const apiId = api.id!;
  const rootId = api.rootResourceId!;
  await putMockMethod(client, { restApiId: apiId, resourceId: rootId, httpMethod: 'GET' }, method);
  return { apiId, rootId };
}

/** A new REST API with one resource below its root. */
export async function createApiWithResource(
  client: APIGatewayClient,
  name: string,
  pathPart: string,
): Promise<{ apiId: string; rootId: string; resourceId: string }> {
  const api = await client.send(new CreateRestApiCommand({ name }));
  const apiId = api.id!;
  const rootId = api.rootResourceId!;
  const resource = await client.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart }));
  return { apiId, rootId, resourceId: resource.id! };
}
