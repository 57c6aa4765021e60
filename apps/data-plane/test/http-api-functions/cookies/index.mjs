// Payload 2.0 explicit response: each cookie becomes its own Set-Cookie header.
export const handler = async () => ({
  statusCode: 201,
  cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
  headers: { 'x-answer': 'cookies', 'access-control-allow-origin': '*' },
  body: 'made',
});
