import { BODY_TOO_LARGE_CODE, classifyIntegrationError, INTEGRATION_TIMEOUT_CODE } from './integration-errors.js';

const err = (code: string) => Object.assign(new Error(code), { code });

describe('classifyIntegrationError', () => {
  it.each([
    [err('UND_ERR_HEADERS_TIMEOUT'), 'INTEGRATION_TIMEOUT', 504],
    [err(INTEGRATION_TIMEOUT_CODE), 'INTEGRATION_TIMEOUT', 504],
    [err('ECONNREFUSED'), 'INTEGRATION_FAILURE', 500],
    [new AggregateError([err('ECONNREFUSED'), err('ECONNREFUSED')]), 'INTEGRATION_FAILURE', 500],
    [Object.assign(new Error('wrapped'), { cause: err('ENOTFOUND') }), 'INTEGRATION_FAILURE', 500],
    [err('ECONNRESET'), 'INTEGRATION_FAILURE', 502],
    [err('UND_ERR_SOCKET'), 'INTEGRATION_FAILURE', 502],
    [err(BODY_TOO_LARGE_CODE), 'REQUEST_TOO_LARGE', 413],
    [new Error('anything else'), 'INTEGRATION_FAILURE', 502],
    ['not even an error', 'INTEGRATION_FAILURE', 502],
  ])('%s', (error, responseType, statusCode) => {
    expect(classifyIntegrationError(error)).toMatchObject({ responseType, statusCode });
  });
});
