// Payload 2.0 response inference: an object without statusCode is a 200 JSON answer.
export const handler = async () => ({ message: 'Hello from Lambda!' });
