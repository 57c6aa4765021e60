// Fails the way most functions fail: an unhandled error, reported by Lambda as {errorType, errorMessage, trace}.
class NotFoundError extends Error {
  constructor(message) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export const handler = async (event) => {
  const what = (event && (event.what ?? event.queryStringParameters?.what)) || 'thing';
  throw new NotFoundError(`Not found: ${what}`);
};
