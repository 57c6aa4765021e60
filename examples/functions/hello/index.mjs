// The smallest useful function behind AWS_PROXY: a fixed 100-byte answer (the benchmark's backend answers the same).
const BODY = JSON.stringify({ message: 'hello from a local function', padding: 'x'.repeat(43) });

export const handler = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: BODY });
