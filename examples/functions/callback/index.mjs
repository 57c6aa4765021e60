// The callback style of Node.js handlers: answer through callback(error, result).
export function handler(event, context, callback) {
  setTimeout(() => {
    if (event.queryStringParameters?.fail) callback(new Error('callback failure'));
    else callback(null, { statusCode: 200, body: `callback ok from ${context.functionName}` });
  }, 1);
}
