// Returns results API Gateway must refuse with 502 (or, for the accepted variants, must serve).
const results = {
  'extra-key': { statusCode: 200, wrongValue: 1 },
  null: null,
  string: 'just a string',
  'bad-status': { statusCode: 'test' },
  'multi-not-list': { statusCode: 200, multiValueHeaders: { 'X-A': 'not a list' } },
  'body-object': { statusCode: 200, body: { a: 1 } },
  'string-status': { statusCode: '201', body: 'created' },
  'headers-only': { headers: { 'X-Only': 'yes' } },
  merge: { statusCode: 200, headers: { 'x-merged': 'value-solo' }, multiValueHeaders: { 'X-Merged': ['value-multi'] }, body: 'merged' },
  'no-content': { statusCode: 204, body: 'a body HTTP does not allow here' },
};

export const handler = async (event) => results[event.queryStringParameters?.kind ?? 'extra-key'];
