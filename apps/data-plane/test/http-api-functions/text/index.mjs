// Payload 2.0 response inference: a bare string is the body of a 200 JSON answer.
export const handler = async () => 'Hello from Lambda!';
