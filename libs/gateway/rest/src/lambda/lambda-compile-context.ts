import type { IntegrationCompileContext } from '@portico/engine-integrations';
import type { BinaryMediaTypes, FunctionRunner } from '@portico/engine-lambda';

/** What compiling a Lambda integration needs besides the shared integration context. */
export interface LambdaCompileContext extends IntegrationCompileContext {
  /** The process's function runner (local functions, Lambda Invoke API). */
  readonly runner: FunctionRunner;
  /** The API's binaryMediaTypes: base64 request bodies in proxy events, base64 decoding of proxy responses. */
  readonly binaryMediaTypes: BinaryMediaTypes;
}
