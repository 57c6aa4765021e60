// Answers with binary content (a 1×1 PNG) base64-encoded, and reports how it received the request body.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

export const handler = async (event) => {
  if (event.httpMethod === 'POST') {
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ isBase64Encoded: event.isBase64Encoded, body: event.body }),
    };
  }
  return { statusCode: 200, headers: { 'content-type': 'image/png' }, body: PNG, isBase64Encoded: true };
};
