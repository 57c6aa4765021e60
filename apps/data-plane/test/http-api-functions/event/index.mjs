// Answers with the event it received (payload 1.0 or 2.0), so tests can compare it with AWS's samples.
export const handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
