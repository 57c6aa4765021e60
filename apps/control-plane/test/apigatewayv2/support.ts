import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from '../support/test-control-plane.js';

/** The real apigatewayv2 SDK client, signed with the test admin keys, against a test control plane. */
export function v2Client(cp: TestControlPlane): ApiGatewayV2Client {
  return new ApiGatewayV2Client({
    endpoint: cp.url,
    region: TEST_REGION,
    credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  });
}

/** The error a request failed with, as name/message/status (fails the test when the request succeeds). */
export async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the request to fail');
}

export const LAMBDA_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:pets';
export const LAMBDA_INVOCATION_ARN = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${LAMBDA_ARN}/invocations`;
