// A Lambda authorizer that cannot authenticate the caller: an error whose message is exactly "Unauthorized" is
// API Gateway's contract for 401 (any other error is a broken authorizer, 500).
export const handler = async () => {
  throw new Error('Unauthorized');
};
